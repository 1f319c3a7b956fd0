import { onAbort } from "@/lib/aws/abort";
import { classifyAwsError, deadlineError } from "@/lib/aws/errors";
import type { CallStats } from "@/lib/aws/clients";
import type { UnitErrorCode } from "@/lib/domain/vocabulary";
import type { UnitRecord } from "@/lib/db/queries/snapshot";
import type { CollectContext, CollectedInventory, InventoryReader } from "@/lib/aws/inventory";

export type UnitRun = {
  record: UnitRecord;
  inventory: CollectedInventory;
};

type Failure = { key: string; code: UnitErrorCode; message: string };

/**
 * Collects one unit (account × region, or the account's global services) under a deadline. Each
 * inventory reader fails on its own: the unit is ok, partial (some readers failed) or failed (all
 * did), and a region the account has not enabled is skipped, not failed.
 */
export async function runUnit(params: {
  region: string;
  collectors: readonly InventoryReader[];
  context: Omit<CollectContext, "signal" | "region">;
  stats: CallStats;
  deadlineMs: number;
  /** Aborted at the deadline; the unit's clients may already send with its signal. */
  controller?: AbortController;
  now?: () => Date;
}): Promise<UnitRun> {
  const now = params.now ?? (() => new Date());
  const startedAt = now();
  const controller = params.controller ?? new AbortController();
  const timer = setTimeout(() => controller.abort(), params.deadlineMs);
  const inventory: Record<string, unknown> = {};
  const failures: Failure[] = [];
  try {
    await Promise.all(
      params.collectors.map(async (c) => {
        try {
          inventory[c.key] = await untilAborted<unknown>(
            c.collect({ ...params.context, region: params.region, signal: controller.signal }),
            controller.signal,
          );
        } catch (err) {
          const classified = controller.signal.aborted
            ? { code: "Deadline" as const, message: `Unit deadline of ${params.deadlineMs} ms reached` }
            : classifyAwsError(err);
          failures.push({ key: c.key, code: classified.code, message: classified.message });
        }
      }),
    );
  } finally {
    clearTimeout(timer);
  }

  let status: UnitRecord["status"] = "ok";
  if (failures.length > 0) {
    const all = failures.length === params.collectors.length;
    status = all && failures.every((f) => f.code === "RegionDisabled") ? "skipped" : all ? "failed" : "partial";
  }
  const first = failures[0];
  return {
    inventory: inventory as UnitRun["inventory"],
    record: {
      region: params.region,
      status,
      errorCode: first?.code,
      errorMessage: first
        ? failures
            .map((f) => `${f.key}: ${f.message}`)
            .join("; ")
            .slice(0, 2000)
        : undefined,
      startedAt,
      finishedAt: now(),
      apiCalls: params.stats.calls,
      throttledCalls: params.stats.throttled,
      resultsCount: 0,
    },
  };
}

/**
 * Settles with `work`, or rejects when `signal` aborts first: a reader sleeping in an SDK retry
 * backoff cannot hold its unit past the deadline (its next attempt is aborted at once).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(deadlineError());
  return new Promise<T>((resolve, reject) => {
    const off = onAbort(signal, () => reject(deadlineError()));
    work.then(
      (value) => {
        off();
        resolve(value);
      },
      (err: unknown) => {
        off();
        reject(err);
      },
    );
  });
}
