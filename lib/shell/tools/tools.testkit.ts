// Labs for the tools' tests: the base lab open, with web's ingress denied, and with the
// client's egress (DNS included) denied, with the client's image chosen; a netshoot pod beside them.
import { BASE, lab } from '../shell.testkit'

export const DENY_WEB = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-deny-all}
spec: {podSelector: {matchLabels: {app: web}}, ingress: []}
`
export const DENY_CLIENT_EGRESS = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-deny-egress}
spec: {podSelector: {matchLabels: {app: client}}, policyTypes: [Egress], egress: []}
`

export const NETSHOOT = `---
apiVersion: v1
kind: Pod
metadata: {name: tmp-shell, labels: {run: tmp-shell}}
spec: {nodeName: worker-2, containers: [{name: tmp-shell, image: nicolaka/netshoot}]}
`

/** The base lab with another image for the client pod (busybox has no curl or dig). */
export const withClient = (image: string) => BASE.replace('image: busybox', `image: ${image}`)

export const open = (client = 'busybox') => lab(withClient(client))
export const denied = (client = 'busybox') => lab(withClient(client) + DENY_WEB)
export const noDns = (client = 'busybox') => lab(withClient(client) + DENY_CLIENT_EGRESS)
export const netshoot = (extra = '') => lab(BASE + NETSHOOT + extra)
