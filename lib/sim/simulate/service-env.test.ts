// SV-15: Service environment variables exist only in pods created after the Service.
import { describe, expect, it } from 'vitest'
import { clusterFromManifests } from '../cluster/build'
import type { Cluster } from '../model/types'
import { envVarName, serviceEnv, serviceEnvMap, servicesVisibleTo } from './service-env'

const PODS = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: early}
spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: shopper, namespace: shop}
spec: {containers: [{name: c, image: busybox}]}
`
const SERVICES = `
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}, {name: dns, port: 53, protocol: UDP}]
---
apiVersion: v1
kind: Service
metadata: {name: my-cache}
spec:
  selector: {app: cache}
  ports: [{port: 6379}]
---
apiVersion: v1
kind: Service
metadata: {name: headless}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec: {type: ExternalName, externalName: www.example.com}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{port: 8080}]
`
const LATE = `
apiVersion: v1
kind: Pod
metadata: {name: late}
spec: {containers: [{name: c, image: busybox}]}
`

// Step 1 applies the early pods, step 2 the Services, step 3 one more pod.
const c: Cluster = clusterFromManifests(
  [
    { file: '1-pods.yaml', text: PODS },
    { file: '2-services.yaml', text: SERVICES },
    { file: '3-late.yaml', text: LATE },
  ],
  { cni: 'calico', nodes: 2 },
)
const steps = ['1-pods.yaml', '2-services.yaml', '3-late.yaml']
const pod = (id: string) => c.pods.find((p) => p.id === id)!
const ip = (id: string) => c.services.find((s) => s.id === id)!.clusterIP!

describe('SV-15 Service environment variables', () => {
  it('SV-15: a pod created after the Service gets the docker-link style variables kubelet generates', () => {
    const env = serviceEnvMap(c, pod('default/late'), { appliedFiles: steps })
    const web = ip('default/web')
    expect(Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('WEB_')))).toEqual({
      WEB_SERVICE_HOST: web,
      WEB_SERVICE_PORT: '80',
      WEB_SERVICE_PORT_HTTP: '80',
      WEB_SERVICE_PORT_DNS: '53',
      WEB_PORT: `tcp://${web}:80`,
      WEB_PORT_80_TCP: `tcp://${web}:80`,
      WEB_PORT_80_TCP_PROTO: 'tcp',
      WEB_PORT_80_TCP_PORT: '80',
      WEB_PORT_80_TCP_ADDR: web,
      WEB_PORT_53_UDP: `udp://${web}:53`,
      WEB_PORT_53_UDP_PROTO: 'udp',
      WEB_PORT_53_UDP_PORT: '53',
      WEB_PORT_53_UDP_ADDR: web,
    })
  })

  it('SV-15: the variables come in kubelet order: host, port, named ports, then link variables', () => {
    const names = serviceEnv(c, pod('default/late'), { appliedFiles: steps })
      .map((v) => v.name)
      .filter((n) => n.startsWith('WEB_'))
    expect(names).toEqual([
      'WEB_SERVICE_HOST',
      'WEB_SERVICE_PORT',
      'WEB_SERVICE_PORT_HTTP',
      'WEB_SERVICE_PORT_DNS',
      'WEB_PORT',
      'WEB_PORT_80_TCP',
      'WEB_PORT_80_TCP_PROTO',
      'WEB_PORT_80_TCP_PORT',
      'WEB_PORT_80_TCP_ADDR',
      'WEB_PORT_53_UDP',
      'WEB_PORT_53_UDP_PROTO',
      'WEB_PORT_53_UDP_PORT',
      'WEB_PORT_53_UDP_ADDR',
    ])
  })

  it('SV-15: a pod created before the Service has none of its variables, only kubernetes', () => {
    const env = serviceEnvMap(c, pod('default/early'), { appliedFiles: steps })
    expect(env.WEB_SERVICE_HOST).toBeUndefined()
    expect(env.MY_CACHE_SERVICE_HOST).toBeUndefined()
    expect(Object.keys(env).filter((k) => k.endsWith('_SERVICE_HOST'))).toEqual(['KUBERNETES_SERVICE_HOST'])
    expect(env.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1')
    expect(env.KUBERNETES_SERVICE_PORT).toBe('443')
    expect(env.KUBERNETES_SERVICE_PORT_HTTPS).toBe('443')
    expect(env.KUBERNETES_PORT).toBe('tcp://10.96.0.1:443')
  })

  it('SV-15: only Services of the pod namespace (plus kubernetes), with a ClusterIP, names upper-cased with _', () => {
    const late = servicesVisibleTo(c, pod('default/late'), { appliedFiles: steps }).map((s) => s.id)
    expect(late).toEqual(['default/kubernetes', 'default/my-cache', 'default/web'])
    const env = serviceEnvMap(c, pod('default/late'), { appliedFiles: steps })
    expect(env.MY_CACHE_SERVICE_HOST).toBe(ip('default/my-cache'))
    expect(env.MY_CACHE_PORT_6379_TCP_ADDR).toBe(ip('default/my-cache'))
    expect(env.HEADLESS_SERVICE_HOST).toBeUndefined()
    expect(env.EXT_SERVICE_HOST).toBeUndefined()
    expect(env.CART_SERVICE_HOST).toBeUndefined()
    expect(envVarName('my-long-name')).toBe('MY_LONG_NAME')
  })

  it('SV-15: the shop pod sees cart only once cart exists', () => {
    const before = serviceEnvMap(c, pod('shop/shopper'), { appliedFiles: steps })
    expect(before.CART_SERVICE_HOST).toBeUndefined()
    expect(before.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1')
    // Everything applied in one go: the pod's containers start after every Service exists.
    const together = serviceEnvMap(c, pod('shop/shopper'))
    expect(together.CART_SERVICE_HOST).toBe(ip('shop/cart'))
    expect(together.CART_SERVICE_PORT).toBe('8080')
    expect(together.WEB_SERVICE_HOST).toBeUndefined()
  })

  it('SV-15: podCreatedIndex places the pod in the Service creation order', () => {
    const web = c.services.find((s) => s.id === 'default/web')!
    const cache = c.services.find((s) => s.id === 'default/my-cache')!
    expect(cache.createdIndex).toBe(web.createdIndex + 1)
    const between = servicesVisibleTo(c, pod('default/late'), { podCreatedIndex: cache.createdIndex }).map(
      (s) => s.name,
    )
    expect(between).toEqual(['kubernetes', 'web'])
    expect(servicesVisibleTo(c, pod('default/late'), { podCreatedIndex: 0 })).toEqual([])
  })

  it('SV-15: enableServiceLinks: false leaves only the kubernetes variables', () => {
    const env = serviceEnvMap(c, pod('default/late'), { enableServiceLinks: false })
    expect(Object.keys(env).filter((k) => k.endsWith('_SERVICE_HOST'))).toEqual(['KUBERNETES_SERVICE_HOST'])
  })
})
