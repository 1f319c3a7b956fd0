// A canary's state as the Canaries page shows it, decided from what the canary job recorded.

export type CanaryState = { kind: "tripped" | "quiet" | "not-checked" | "retired"; why?: string };

/** A canary checked longer ago than this many intervals is not "quiet": nobody has looked lately. */
const STALE_INTERVALS = 3;

export function canaryState(
  c: { status: string; lastCheckedAt: Date | null; checkError: string | null },
  opts: { now: Date; intervalMs: number },
): CanaryState {
  if (c.status === "retired") return { kind: "retired" };
  if (c.status === "tripped") return { kind: "tripped" };
  if (c.checkError) return { kind: "not-checked", why: c.checkError };
  if (!c.lastCheckedAt) return { kind: "not-checked", why: "the canary job has not looked at it yet" };
  if (opts.now.getTime() - c.lastCheckedAt.getTime() > STALE_INTERVALS * opts.intervalMs)
    return { kind: "not-checked", why: "its last check is older than three canary intervals: is the job running?" };
  return { kind: "quiet" };
}
