// What a fresh kubeadm cluster already holds before the learner applies anything
// (fidelity §6, DN-07): the system namespaces, CoreDNS behind kube-dns, and the
// `kubernetes` Service. Written as manifests and read by the same loader as user input.
import type { ClusterConfig, Node } from '../model/types'

export const BUILTIN_FILE = '<cluster>'

/** The namespaces the cluster itself uses; lab views hide them unless asked. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
])

export function builtinManifests(config: ClusterConfig, nodes: readonly Node[]): string {
  const controlPlane = nodes.find((n) => n.role === 'control-plane') ?? nodes[0]
  const apiserverIP = controlPlane?.ip ?? '172.18.0.2'
  const kubernetesIP = config.serviceCIDR.replace(/\.0\/\d+$/, '.1')
  return `
apiVersion: v1
kind: Namespace
metadata: {name: default}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-public}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-node-lease}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels: {k8s-app: kube-dns}
spec:
  replicas: 2
  selector:
    matchLabels: {k8s-app: kube-dns}
  template:
    metadata:
      labels: {k8s-app: kube-dns}
    spec:
      priorityClassName: system-cluster-critical
      dnsPolicy: Default
      tolerations:
      - {key: CriticalAddonsOnly, operator: Exists}
      - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.11.3
        args: [-conf, /etc/coredns/Corefile]
        ports:
        - {name: dns, containerPort: 53, protocol: UDP}
        - {name: dns-tcp, containerPort: 53, protocol: TCP}
        - {name: metrics, containerPort: 9153, protocol: TCP}
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: {k8s-app: kube-dns, kubernetes.io/cluster-service: "true", kubernetes.io/name: CoreDNS}
  annotations: {prometheus.io/port: "9153", prometheus.io/scrape: "true"}
spec:
  selector: {k8s-app: kube-dns}
  clusterIP: ${config.dnsServiceIP}
  ports:
  - {name: dns, port: 53, protocol: UDP, targetPort: 53}
  - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
  - {name: metrics, port: 9153, protocol: TCP, targetPort: 9153}
---
apiVersion: v1
kind: Service
metadata:
  name: kubernetes
  namespace: default
  labels: {component: apiserver, provider: kubernetes}
spec:
  clusterIP: ${kubernetesIP}
  ports:
  - {name: https, port: 443, protocol: TCP, targetPort: 6443}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kubernetes
  namespace: default
  labels: {kubernetes.io/service-name: kubernetes, endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io}
addressType: IPv4
ports:
- {name: https, port: 6443, protocol: TCP}
endpoints:
- addresses: [${apiserverIP}]
  conditions: {ready: true}
`
}

/** The Corefile kubeadm installs (DN-07), shown by `kubectl -n kube-system get cm coredns`. */
export function corefile(config: ClusterConfig): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${config.clusterDomain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
}
`
}
