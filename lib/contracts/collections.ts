import { z } from "zod";
import { runStatuses } from "@/lib/domain/vocabulary";
import { defineContract } from "./define";

/**
 * "Collect now": embedded mode answers once the run is open (its id), server mode once a worker's
 * job is queued (the job id; none when the embedded collector's discovery outlasted the wait).
 */
const collectNow = defineContract({
  method: "POST",
  path: "/api/collections",
  status: 202,
  response: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("started"), runId: z.string() }),
    z.object({ kind: z.literal("queued"), jobId: z.string().nullable() }),
  ]),
});

/** Server mode: whether a worker took a "collect now" job yet, and the run it opened. */
const job = defineContract({
  method: "GET",
  path: "/api/collections/[jobId]",
  params: z.object({ jobId: z.uuid() }),
  response: z.object({
    job: z.discriminatedUnion("state", [
      z.object({ state: z.enum(["waiting", "active"]), runId: z.null() }),
      z.object({ state: z.literal("started"), runId: z.string() }),
      z.object({ state: z.literal("failed"), runId: z.null(), message: z.string() }),
    ]),
  }),
});

export const runProgressSchema = z.object({
  id: z.string(),
  status: z.enum(runStatuses),
  accountsDone: z.number(),
  accountsTotal: z.number(),
  unitsDone: z.number(),
  unitsTotal: z.number(),
  unitsFailed: z.number(),
  apiCalls: z.number(),
  throttledCalls: z.number(),
  errorMessage: z.string().nullable(),
});
export type RunProgress = z.infer<typeof runProgressSchema>;

/** A run's progress, for the live progress bar. */
const runProgress = defineContract({
  method: "GET",
  path: "/api/runs/[id]",
  params: z.object({ id: z.uuid() }),
  response: z.object({ run: runProgressSchema }),
});

/** An admin cancels a queued, running or stuck run: its open units end cancelled, what was written stays. */
const cancelRun = defineContract({
  method: "POST",
  path: "/api/runs/[id]/cancel",
  params: z.object({ id: z.uuid() }),
  response: z.object({ run: runProgressSchema }),
});

/** Collection: starting one now, following it, and cancelling it. */
export const collectionsApi = { collectNow, job, runProgress, cancelRun };
