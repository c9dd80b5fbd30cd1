// API-server validation of every kind the simulator reads (HTTP 422 errors and warnings).
// Like the API server, each object is defaulted first (on a copy) and then validated; the
// strategy's warnings are only returned for objects that pass validation.
import type { FieldError, FieldWarning } from './field-error'
import {
  defaultCronJob,
  defaultDaemonSet,
  defaultDeployment,
  defaultEndpointSlice,
  defaultJob,
  defaultNetworkPolicy,
  defaultPodSpec,
  defaultReplicaSet,
  defaultReplicationController,
  defaultService,
  defaultStatefulSet,
} from './defaults'
import { validateEndpointSlice } from './endpoint-slice'
import { generateJobSelector, jobWarnings, validateCronJob, validateJob } from './jobs'
import { validateNamespace } from './namespace'
import { networkPolicyWarnings, validateNetworkPolicy } from './network-policy'
import { validatePod } from './pod'
import {
  validateCiliumNetworkPolicy,
  validateClusterNetworkPolicy,
  validateGlobalNetworkPolicy,
} from './policy-extensions'
import { podSpecWarnings } from './pod-warnings'
import { serviceWarnings, validateService } from './service'
import type { JsonObject } from './util'
import { asObject, cloneJson, isObject } from './util'
import {
  validateDaemonSet,
  validateDeployment,
  validateReplicaSet,
  validateReplicationController,
  validateStatefulSet,
  workloadWarnings,
} from './workloads'

export interface ValidationResult {
  errors: FieldError[]
  warnings: FieldWarning[]
}

type Check = (obj: JsonObject) => { errors: FieldError[]; warnings: () => FieldWarning[] }

function podCheck(pod: JsonObject): ReturnType<Check> {
  const spec = isObject(pod.spec) ? pod.spec : {}
  pod.spec = spec
  defaultPodSpec(spec, true)
  return { errors: validatePod(pod), warnings: () => podSpecWarnings([], spec, asObject(pod.metadata) ?? {}) }
}

const CHECKS: Record<string, Check> = {
  Namespace: (o) => ({ errors: validateNamespace(o), warnings: () => [] }),
  Pod: podCheck,
  Deployment: (o) => {
    defaultDeployment(o)
    return { errors: validateDeployment(o), warnings: () => workloadWarnings(o, true) }
  },
  ReplicaSet: (o) => {
    defaultReplicaSet(o)
    return { errors: validateReplicaSet(o), warnings: () => workloadWarnings(o, true) }
  },
  StatefulSet: (o) => {
    defaultStatefulSet(o)
    return { errors: validateStatefulSet(o), warnings: () => workloadWarnings(o, false) }
  },
  DaemonSet: (o) => {
    defaultDaemonSet(o)
    return { errors: validateDaemonSet(o), warnings: () => workloadWarnings(o, true) }
  },
  ReplicationController: (o) => {
    defaultReplicationController(o)
    return { errors: validateReplicationController(o), warnings: () => workloadWarnings(o, true) }
  },
  Job: (o) => {
    defaultJob(o)
    generateJobSelector(o)
    return { errors: validateJob(o), warnings: () => jobWarnings(o, 'Job') }
  },
  CronJob: (o) => {
    defaultCronJob(o)
    return { errors: validateCronJob(o), warnings: () => jobWarnings(o, 'CronJob') }
  },
  Service: (o) => {
    defaultService(o)
    return { errors: validateService(o), warnings: () => serviceWarnings(o) }
  },
  EndpointSlice: (o) => {
    defaultEndpointSlice(o)
    return { errors: validateEndpointSlice(o), warnings: () => [] }
  },
  NetworkPolicy: (o) => {
    defaultNetworkPolicy(o)
    return { errors: validateNetworkPolicy(o), warnings: () => networkPolicyWarnings(o) }
  },
  ClusterNetworkPolicy: (o) => ({ errors: validateClusterNetworkPolicy(o), warnings: () => [] }),
  GlobalNetworkPolicy: (o) => ({ errors: validateGlobalNetworkPolicy(o), warnings: () => [] }),
  CiliumNetworkPolicy: (o) => ({ errors: validateCiliumNetworkPolicy(o), warnings: () => [] }),
}

/**
 * Validates one object the way the API server would on create. `obj` has already passed
 * strict decoding (no unknown fields, JSON types right) and has metadata.namespace
 * defaulted for namespaced kinds. The input is not modified.
 */
export function validateObject(kind: string, obj: Record<string, unknown>): ValidationResult {
  const check = Object.prototype.hasOwnProperty.call(CHECKS, kind) ? CHECKS[kind] : undefined
  if (!check) return { errors: [], warnings: [] }
  const { errors, warnings } = check(cloneJson(obj))
  return { errors, warnings: errors.length ? [] : warnings() }
}
