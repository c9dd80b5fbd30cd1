// How long the real tools wait.
//
// Timing. A dropped packet makes the real tool wait: a TCP connect gives up after the
// kernel's SYN retries (~130 s), busybox wget's own timeout is 900 s, the stub resolver
// gives up after 2 × 5 s. The output comes with `delayMs`, the time the real tool would
// take, capped at MAX_DELAY_MS (2 s): long enough that a learner feels a drop (a pause)
// differently from a refusal (an instant answer), which is the point of fidelity §1e,
// short enough not to stall a lesson. The printed numbers ("after 130012 ms") stay real.
import { hash32 } from '../../sim/util/hash'
import { MAX_DELAY_MS } from '../io'

/** tcp_syn_retries = 6: 1+2+4+8+16+32+64 s before connect() fails with ETIMEDOUT. */
export const KERNEL_CONNECT_TIMEOUT_MS = 130_000
/** The stub resolver's `timeout:5 attempts:2` before a lookup fails. */
export const RESOLVER_TIMEOUT_MS = 10_000

/** The wait the learner sees: the real tool's time, capped (see above). */
export const cap = (ms: number) => Math.min(MAX_DELAY_MS, Math.max(0, Math.round(ms)))
/** A stable number in [lo, hi] from a seed, so repeated runs print the same figures. */
export const jitter = (seed: string, lo: number, hi: number) => lo + (hash32(seed) % (hi - lo + 1))
