import { describe, expect, it } from 'vitest'
import { lab, MIN } from './shell.testkit'

// The policy of kubectl's TestDescribeNetworkPolicies, as course-facts §1.4 adapts it.
const NP1 = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: network-policy-1}
spec:
  podSelector:
    matchLabels: {id1: app1, id2: app2}
    matchExpressions:
    - {key: foo, operator: In, values: [bar2, bar1]}
    - {key: foo2, operator: NotIn, values: [bar1, bar2]}
  ingress:
  - ports: [{port: 80}, {port: 82, protocol: TCP}]
    from:
    - namespaceSelector: {matchLabels: {id: ns1, id2: ns2}}
      podSelector: {matchLabels: {id: pod1, id2: pod2}}
    - podSelector: {matchLabels: {id: app2, id2: app3}}
    - namespaceSelector: {matchLabels: {id: app2, id2: app3}}
    - ipBlock: {cidr: 192.168.0.0/16, except: [192.168.3.0/24, 192.168.4.0/24]}
  - {}
  policyTypes: [Ingress, Egress]
`

describe('kubectl describe networkpolicy (course-facts §1.4)', () => {
  it('prints the spec exactly as describe.go does, selectors sorted by key', () => {
    const l = lab(NP1)
    expect(l.run('kubectl describe networkpolicy network-policy-1')).toBe(`Name:         network-policy-1
Namespace:    default
Created on:   2023-12-31 23:48:00 +0000 UTC
Labels:       <none>
Annotations:  <none>
Spec:
  PodSelector:     foo in (bar1,bar2),foo2 notin (bar1,bar2),id1=app1,id2=app2
  Allowing ingress traffic:
    To Port: 80/TCP
    To Port: 82/TCP
    From:
      NamespaceSelector: id=ns1,id2=ns2
      PodSelector: id=pod1,id2=pod2
    From:
      PodSelector: id=app2,id2=app3
    From:
      NamespaceSelector: id=app2,id2=app3
    From:
      IPBlock:
        CIDR: 192.168.0.0/16
        Except: 192.168.3.0/24, 192.168.4.0/24
    ----------
    To Port: <any> (traffic allowed to all ports)
    From: <any> (traffic not restricted by source)
  Allowing egress traffic:
    <none> (Selected pods are isolated for egress connectivity)
  Policy Types: Ingress, Egress
`)
  })

  it('a deny-all: empty selector, defaulted policyTypes, Not affecting egress (fidelity §1e)', () => {
    const l = lab(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-all, labels: {team: a, app: x}}
spec: {podSelector: {}, ingress: []}
`)
    l.clock.now += 5 * MIN
    expect(l.run('kubectl describe netpol default-deny-all')).toBe(`Name:         default-deny-all
Namespace:    default
Created on:   2023-12-31 23:48:00 +0000 UTC
Labels:       app=x
              team=a
Annotations:  <none>
Spec:
  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)
  Allowing ingress traffic:
    <none> (Selected pods are isolated for ingress connectivity)
  Not affecting egress traffic
  Policy Types: Ingress
`)
  })

  it('egress rules with To:, port ranges, an empty namespaceSelector, and an egress-only policy', () => {
    const l = lab(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: dns}
spec:
  podSelector: {matchLabels: {app: foo}}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {}
      podSelector: {matchLabels: {k8s-app: kube-dns}}
    ports: [{port: 53, protocol: UDP}, {port: 32000, endPort: 32768}]
  - {}
`)
    expect(l.run('kubectl describe netpol dns').split('Spec:\n')[1]).toBe(`  PodSelector:     app=foo
  Not affecting ingress traffic
  Allowing egress traffic:
    To Port: 53/UDP
    To Port Range: 32000-32768/TCP
    To:
      NamespaceSelector: <none>
      PodSelector: k8s-app=kube-dns
    ----------
    To Port: <any> (traffic allowed to all ports)
    To: <any> (traffic not restricted by destination)
  Policy Types: Egress
`)
  })

  it('NotFound for a missing policy, prefix matches for a partial name', () => {
    const l = lab(NP1)
    expect(l.run('kubectl describe netpol nope')).toBe(
      'Error from server (NotFound): networkpolicies.networking.k8s.io "nope" not found\n',
    )
    expect(l.run('kubectl describe netpol network').startsWith('Name:         network-policy-1\n')).toBe(true)
  })
})

describe('kubectl describe service (course-facts §1.5)', () => {
  it('field order, two spaces after the port name, ready endpoints, the traffic policy', () => {
    const l = lab()
    expect(l.run('kubectl describe svc web')).toBe(`Name:                     web
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.45.12
IPs:                      10.96.45.12
Port:                     <unset>  80/TCP
TargetPort:               80/TCP
Endpoints:                ${l.ip('web')}:80
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`)
  })

  it('a Service without ready pods has an empty Endpoints value; named ports and node ports', () => {
    const l = lab(`apiVersion: v1
kind: Service
metadata: {name: np, labels: {run: np}}
spec:
  type: NodePort
  selector: {app: none}
  clusterIP: 10.96.7.7
  ports: [{name: port-tcp, port: 8080, targetPort: 9090, nodePort: 31111}]
`)
    expect(l.run('kubectl describe service np')).toBe(`Name:                     np
Namespace:                default
Labels:                   run=np
Annotations:              <none>
Selector:                 app=none
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.7.7
IPs:                      10.96.7.7
Port:                     port-tcp  8080/TCP
TargetPort:               9090/TCP
NodePort:                 port-tcp  31111/TCP
Endpoints:                
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
`)
  })
})

describe('kubectl describe namespace, pod, node', () => {
  it('namespace', () => {
    expect(lab().run('kubectl describe ns default')).toBe(`Name:         default
Labels:       kubernetes.io/metadata.name=default
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.
`)
  })

  it('pod: the blocks align as kubectl aligns them', () => {
    const l = lab()
    const text = l
      .run('kubectl describe pod web')
      .replace(/containerd:\/\/[0-9a-f]{64}/, 'containerd://ID')
      .replace(/sha256:[0-9a-f]{64}/, 'sha256:ID')
      .replace(/kube-api-access-\w{5}/g, 'kube-api-access-xxxxx')
    const ip = l.ip('web')
    expect(text).toBe(`Name:             web
Namespace:        default
Priority:         0
Service Account:  default
Node:             worker-1/172.18.0.3
Start Time:       Sun, 31 Dec 2023 23:48:00 +0000
Labels:           app=web
Annotations:      <none>
Status:           Running
IP:               ${ip}
IPs:
  IP:  ${ip}
Containers:
  web:
    Container ID:   containerd://ID
    Image:          nginx
    Image ID:       docker.io/library/nginx@sha256:ID
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Sun, 31 Dec 2023 23:48:00 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-xxxxx (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-xxxxx:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:                      <none>
`)
  })

  it('a Deployment pod names its controller', () => {
    const text = lab().run('kubectl describe pods -n kube-system -l k8s-app=kube-dns')
    expect(text).toMatch(/\nIPs:\n {2}IP: {11}[\d.]+\nControlled By: {2}ReplicaSet\/coredns-\w+\n/)
    expect(text.match(/^Name: /gm)).toHaveLength(2)
  })

  it('node: addresses, pod CIDR and the pods it runs', () => {
    const text = lab().run('kubectl describe node worker-1')
    expect(text).toContain('Roles:              <none>\n')
    expect(text).toContain('Addresses:\n  InternalIP:  172.18.0.3\n  Hostname:    worker-1\n')
    expect(text).toMatch(/\nNon-terminated Pods: {10}\(\d in total\)\n {2}Namespace +Name +CPU Requests/)
    expect(text).toMatch(/\n {2}default +web +0 \(0%\) +0 \(0%\) +0 \(0%\) +0 \(0%\) +12m\n/)
  })

  it('kinds it does not describe say so', () => {
    expect(lab().run('kubectl describe deploy coredns -n kube-system')).toBe(
      'error: describe is not simulated for deployments in this lab; try kubectl get deployments coredns -o yaml\n',
    )
  })
})
