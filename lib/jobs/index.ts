import "server-only";
import type PgBoss from "pg-boss";
import { findAnyActiveRun } from "@/lib/db/queries/collection";
import { getDemoState } from "@/lib/db/queries/demo";
import type { Db } from "@/lib/db/types";
import { env } from "@/lib/env";
import { loadCheckSettings } from "@/lib/settings/check-settings";
import { startPurgeInProcess } from "@/lib/settings/retention";
import { announceJobs } from "./announce";
import { lookupJobPayload, purgeJobPayload, QUEUES, runJobPayload, startBoss, type RunJobPayload } from "./queues";

// The web app's only way to start collection: it never imports the collector or AWS code.
// Server mode: a job on the Postgres queue for any worker. Embedded mode: the collector that
// instrumentation.ts registered inside this server process.

/** What the embedded collector answers once a requested run is open (discovery done), or why it is not. */
export type InProcessStart =
  | { kind: "started"; runId: string }
  | { kind: "busy"; runId: string | null }
  | { kind: "no-credentials"; message: string }
  | { kind: "failed"; message: string };

export type InProcessCollector = {
  /** Whether this process has a hub identity to collect with. */
  hasCredentials: boolean;
  noCredentialsMessage: string;
  /** The collection in progress in this process, if any; its run id is null while it discovers accounts. */
  active: () => { runId: string | null } | null;
  start: (request: RunJobPayload) => Promise<InProcessStart>;
};

const holder = globalThis as typeof globalThis & {
  __postureCollector?: InProcessCollector;
  __postureLookups?: (lookupId: string) => void;
  __postureBoss?: Promise<PgBoss>;
};

export function registerInProcessCollector(collector: InProcessCollector): void {
  holder.__postureCollector = collector;
}

/** Embedded mode: the collector's runner of on-demand CloudTrail lookups, in this process. */
export function registerInProcessLookups(run: (lookupId: string) => void): void {
  holder.__postureLookups = run;
}

/**
 * Starts an on-demand CloudTrail lookup already stored as queued: a job for any worker (server mode),
 * or this process's collector (embedded mode). False when nothing here can run it.
 */
export async function requestLookup(lookupId: string, transport: Transport = defaultTransport()): Promise<boolean> {
  const payload = lookupJobPayload.parse({ lookupId });
  if (transport.kind === "queue") {
    const boss = await transport.boss();
    const jobId = await boss.send(QUEUES.lookup, payload);
    if (jobId) await announceJobs(boss, QUEUES.lookup);
    return jobId !== null;
  }
  const collector = transport.collector();
  if (!collector?.hasCredentials || !holder.__postureLookups) return false;
  holder.__postureLookups(payload.lookupId);
  return true;
}

/**
 * Starts a retention purge now: a job for any worker (server mode; the queue keeps one at a time), or
 * this process (embedded mode). "running" when one is already going here.
 */
export async function requestRetentionPurge(
  db: Db,
  request: { requestedBy: string | null },
  transport: Transport = defaultTransport(),
): Promise<"queued" | "started" | "running"> {
  const payload = purgeJobPayload.parse({ trigger: "manual", requestedBy: request.requestedBy });
  if (transport.kind === "queue") {
    const boss = await transport.boss();
    const jobId = await boss.send(QUEUES.retention, payload);
    if (jobId) await announceJobs(boss, QUEUES.retention);
    return jobId ? "queued" : "running";
  }
  return startPurgeInProcess(db, { trigger: "manual", requestedBy: payload.requestedBy ?? null })
    ? "started"
    : "running";
}

/** Why an on-demand lookup cannot run here, known before trying; null when it can be tried. */
export function lookupBlock(transport: Transport = defaultTransport()): string | null {
  if (transport.kind === "queue") return null;
  const collector = transport.collector();
  if (!collector) return "The collector has not started in this server process; see the server log.";
  return collector.hasCredentials ? null : collector.noCredentialsMessage;
}

/** How a request reaches a collector: a pg-boss queue (server mode) or this process (embedded mode). */
export type Transport =
  | { kind: "queue"; boss: () => Promise<PgBoss> }
  | { kind: "in-process"; collector: () => InProcessCollector | undefined };

function sharedBoss(url: string): Promise<PgBoss> {
  holder.__postureBoss ??= startBoss(url).catch((err: unknown) => {
    holder.__postureBoss = undefined;
    throw err;
  });
  return holder.__postureBoss;
}

export function defaultTransport(): Transport {
  const url = env.DATABASE_URL;
  return url
    ? { kind: "queue", boss: () => sharedBoss(url) }
    : { kind: "in-process", collector: () => holder.__postureCollector };
}

export type CollectionBlock = {
  reason: "no-credentials" | "demo" | "no-collector" | "settings-invalid";
  message: string;
};

export type CollectionAvailability = {
  mode: Transport["kind"];
  /** Why "collect now" cannot work here, known before trying; null when it can be tried. */
  blocked: CollectionBlock | null;
  /** A run still queued or running: a second one would be refused. */
  activeRunId: string | null;
};

const DEMO_MESSAGE =
  "This installation is showing the demo organization. Remove it (Settings → Demo organization) before collecting your own, so simulated and real findings never mix.";

/** What the "Collect now" button should say before anyone presses it. */
export async function collectionAvailability(
  db: Db,
  transport: Transport = defaultTransport(),
): Promise<CollectionAvailability> {
  const [demo, checkSettings] = await Promise.all([
    getDemoState(db),
    loadCheckSettings(db, { file: env.POSTURE_SETTINGS_FILE }),
  ]);
  // What this process can see of the settings; a worker reading another file refuses on its own.
  const settingsBlock: CollectionBlock | null = checkSettings.ok
    ? null
    : { reason: "settings-invalid", message: checkSettings.message };
  let blocked: CollectionBlock | null = null;
  if (transport.kind === "in-process") {
    const collector = transport.collector();
    if (!collector)
      blocked = {
        reason: "no-collector",
        message: "The collector has not started in this server process; see the server log.",
      };
    // Workers in server mode may hold credentials this web server does not: only embedded mode can tell.
    else if (!collector.hasCredentials) blocked = { reason: "no-credentials", message: collector.noCredentialsMessage };
    if (!blocked && demo.present) blocked = { reason: "demo", message: DEMO_MESSAGE };
    blocked ??= settingsBlock;
    // Only this process collects in embedded mode, so it knows; a run it left open died with an earlier process.
    return { mode: transport.kind, blocked, activeRunId: collector?.active()?.runId ?? null };
  }
  blocked = demo.present ? { reason: "demo", message: DEMO_MESSAGE } : settingsBlock;
  // A run no worker has touched for the stuck threshold is about to be marked stuck: it does not hold up a new one.
  return {
    mode: transport.kind,
    blocked,
    activeRunId: await findAnyActiveRun(db, new Date(Date.now() - env.POSTURE_STUCK_AFTER_MS)),
  };
}

export type CollectionRequest =
  /** Embedded mode: the run is open; its id is known. */
  | { kind: "started"; runId: string }
  /** Server mode: a job waits for a worker; the run appears once one takes it. Embedded: discovery outlasted the wait. */
  | { kind: "queued"; jobId: string | null }
  | { kind: "busy"; runId: string | null; message: string }
  | { kind: "refused"; reason: CollectionBlock["reason"]; message: string }
  | { kind: "failed"; message: string };

/** How long a request waits for the embedded collector's discovery before answering without a run id. */
const START_WAIT_MS = 20_000;

/**
 * Starts a collection now, on someone's request: refused while the demo is shown or without
 * credentials (embedded mode can tell), and while another run is in progress.
 */
export async function requestCollection(
  db: Db,
  request: RunJobPayload,
  transport: Transport = defaultTransport(),
  opts: { waitMs?: number } = {},
): Promise<CollectionRequest> {
  const payload = runJobPayload.parse(request);
  const availability = await collectionAvailability(db, transport);
  if (availability.blocked) return { kind: "refused", ...availability.blocked };
  if (availability.activeRunId) return busy(availability.activeRunId);

  if (transport.kind === "queue") {
    const boss = await transport.boss();
    // The run queue is "stately": a second job while one waits is not created (null).
    const jobId = await boss.send(QUEUES.run, payload);
    if (jobId) await announceJobs(boss, QUEUES.run);
    return jobId ? { kind: "queued", jobId } : busy(null);
  }
  const collector = transport.collector()!;
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<"waiting">((resolve) => {
    timer = setTimeout(() => resolve("waiting"), opts.waitMs ?? START_WAIT_MS);
  });
  const start = collector.start(payload);
  try {
    const outcome = await Promise.race([start, waited]);
    if (outcome === "waiting") return { kind: "queued", jobId: null };
    switch (outcome.kind) {
      case "started":
        return outcome;
      case "busy":
        return busy(outcome.runId);
      case "no-credentials":
        return { kind: "refused", reason: "no-credentials", message: outcome.message };
      case "failed":
        return outcome;
    }
  } finally {
    clearTimeout(timer);
  }
}

function busy(runId: string | null): CollectionRequest {
  return {
    kind: "busy",
    runId,
    message: runId
      ? "A collection is already in progress; follow it, or wait for it to finish."
      : "A collection is already waiting for a worker.",
  };
}

export type CollectionJob =
  | { state: "waiting" | "active"; runId: null }
  | { state: "started"; runId: string }
  | { state: "failed"; runId: null; message: string };

// Messages a worker may show to the admin who asked; anything else stays in the worker's log.
const EXPLAINED_FAILURES = new Set(["NoHubCredentialsError", "RunInProgressError", "SettingsInvalidError"]);

/** Server mode: what became of a run job, and the run it opened. */
export async function getCollectionJob(
  jobId: string,
  transport: Transport = defaultTransport(),
): Promise<CollectionJob | null> {
  if (transport.kind !== "queue") return null;
  const boss = await transport.boss();
  const job = await boss.getJobById<unknown>(QUEUES.run, jobId, { includeArchive: true });
  if (!job) return null;
  const output = (job.output ?? {}) as { runId?: unknown; name?: unknown; message?: unknown };
  if (job.state === "completed") {
    return typeof output.runId === "string"
      ? { state: "started", runId: output.runId }
      : { state: "failed", runId: null, message: "The worker finished without opening a run; see its log." };
  }
  if (job.state === "failed" || job.state === "cancelled") {
    const explained =
      typeof output.name === "string" && EXPLAINED_FAILURES.has(output.name) && typeof output.message === "string";
    return {
      state: "failed",
      runId: null,
      message: explained ? (output.message as string) : "The worker could not start the collection; see its log.",
    };
  }
  return { state: job.state === "active" ? "active" : "waiting", runId: null };
}
