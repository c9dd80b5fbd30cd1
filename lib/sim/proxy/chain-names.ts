// kube-proxy's iptables chain names, computed as kube-proxy computes them
// (pkg/proxy/iptables/proxier.go, portProtoHash): the first 16 characters of the base32
// SHA-256 of the service port's name and its lower-case protocol. A learner who compares
// the lab's trace with `iptables-save` on a real cluster then sees the same chain.
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 (Go's base32.StdEncoding), without padding: only a prefix is used. */
function base32(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

const portProtoHash = (text: string) => base32(sha256(utf8ToBytes(text))).slice(0, 16)

/** `ns/name:port-name` (`ns/name` for an unnamed port), as kube-proxy's ServicePortName prints. */
export function servicePortName(namespace: string, name: string, portName: string | undefined): string {
  return `${namespace}/${name}${portName ? `:${portName}` : ''}`
}

/** `KUBE-SVC-…` of a Service port. */
export function serviceChain(servicePort: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(servicePort + protocol.toLowerCase())}`
}

/** `KUBE-SEP-…` of one endpoint (`ip:port`) of a Service port. */
export function endpointChain(servicePort: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${portProtoHash(servicePort + protocol.toLowerCase() + endpoint)}`
}
