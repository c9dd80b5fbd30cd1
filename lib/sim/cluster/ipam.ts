// Pod address management as each CNI does it: host-local ranges from the node's podCIDR,
// Calico's /26 blocks handed out on demand, Cilium's cluster pool, Weave's split range.
import type { CniProfile } from '../cni/profiles'
import { cidrSize, formatCidr, formatIPv4, parseCidr, parseIPv4, subnet } from '../net/ip'
import type { Cidr } from '../net/ip'
import { hash32 } from '../util/hash'

export interface NodeAddressing {
  podCIDR: string
  podRanges: string[]
  gatewayIp: string
}

interface NodeState {
  ranges: Cidr[]
  /** next offset to try within the last range */
  cursor: number
}

export class PodIpam {
  private readonly used = new Set<number>()
  private readonly nodes = new Map<string, NodeState>()
  private readonly pool: Cidr
  private readonly clusterCidr: Cidr
  private readonly usedBlocks = new Set<number>()

  constructor(
    private readonly cni: CniProfile,
    clusterPodCIDR: string,
    private readonly nodeCount: number,
  ) {
    this.pool = parseCidr(cni.ipam.pool)!
    this.clusterCidr = parseCidr(clusterPodCIDR) ?? this.pool
  }

  /** Sets up node number `index` and returns its addressing. */
  addNode(name: string, index: number): NodeAddressing {
    const podCIDR = subnet(this.clusterCidr, Math.max(0, 24 - this.clusterCidr.prefix), index)
    let first: Cidr
    let gateway: number
    switch (this.cni.ipam.mode) {
      case 'host-local':
        first = podCIDR
        // The bridge (cni0) or the VXLAN device takes the range's first addresses.
        gateway = this.cni.dataPath.kind === 'bridge' ? first.base + 1 : first.base
        break
      case 'calico-ipam':
        first = this.newCalicoBlock(name)
        gateway = first.base // tunl0 takes the block's first address
        break
      case 'cluster-pool':
        first = subnet(this.pool, this.cni.ipam.blockPrefix - this.pool.prefix, index)
        gateway = first.base + 1 + (hash32(name) % 200) // cilium_host's router IP
        break
      case 'weave': {
        const parts = Math.max(1, 2 ** Math.ceil(Math.log2(Math.max(1, this.nodeCount))))
        first = subnet(this.pool, Math.log2(parts), index % parts)
        gateway = first.base + 1 // the weave bridge
        break
      }
    }
    this.used.add(gateway >>> 0)
    this.nodes.set(name, { ranges: [first], cursor: 0 })
    return {
      podCIDR: formatCidr(podCIDR),
      podRanges: [formatCidr(first)],
      gatewayIp: formatIPv4(gateway >>> 0),
    }
  }

  /** The ranges a node hands addresses out of, after any blocks allocated on demand. */
  rangesOf(node: string): string[] {
    return (this.nodes.get(node)?.ranges ?? []).map(formatCidr)
  }

  /** Marks an address as taken (a pod's status.podIP); false when it already was. */
  reserve(ip: string): boolean {
    const n = parseIPv4(ip)
    if (n === undefined || this.used.has(n)) return false
    this.used.add(n)
    return true
  }

  private readonly released = new Set<number>()

  /** An address that was just given up: handed out again only when nothing else is free. */
  release(ip: string): void {
    const n = parseIPv4(ip)
    if (n !== undefined && !this.used.has(n)) this.released.add(n)
  }

  /** The next free address on `node`, or undefined when the node's ranges are exhausted. */
  allocate(node: string): string | undefined {
    if (this.released.size) {
      for (const n of this.released) this.used.add(n)
      const ip = this.allocateFresh(node)
      for (const n of this.released) this.used.delete(n)
      if (ip) return ip
      this.released.clear()
    }
    return this.allocateFresh(node)
  }

  private allocateFresh(node: string): string | undefined {
    const st = this.nodes.get(node)
    if (!st) return undefined
    for (;;) {
      const range = st.ranges[st.ranges.length - 1]!
      const size = cidrSize(range)
      // Calico hands out every address of its /26 blocks; the others keep the network and
      // broadcast addresses of their range free.
      const calico = this.cni.ipam.mode === 'calico-ipam'
      const start = calico ? 0 : 1
      const end = calico ? size : size - 1
      for (let off = Math.max(start, st.cursor); off < end; off++) {
        const ip = (range.base + off) >>> 0
        if (this.used.has(ip)) continue
        this.used.add(ip)
        st.cursor = off + 1
        return formatIPv4(ip)
      }
      if (this.cni.ipam.mode !== 'calico-ipam') return undefined
      // Calico gives a node another block when its blocks are full.
      const block = this.newCalicoBlock(`${node}#${st.ranges.length}`)
      if (!block.prefix) return undefined
      st.ranges.push(block)
      st.cursor = 0
    }
  }

  private newCalicoBlock(seed: string): Cidr {
    const blocks = 2 ** (this.cni.ipam.blockPrefix - this.pool.prefix)
    let i = hash32(seed) % blocks
    for (let n = 0; n < blocks; n++, i = (i + 1) % blocks) {
      if (this.usedBlocks.has(i)) continue
      this.usedBlocks.add(i)
      return subnet(this.pool, this.cni.ipam.blockPrefix - this.pool.prefix, i)
    }
    return { base: 0, prefix: 0, last: 0 }
  }
}
