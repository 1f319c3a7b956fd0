import "server-only";
import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { QUEUES, runJobPayload, startBoss, type RunJobPayload } from "./queues";

// The web app's only way to start collection: it never imports the collector or AWS code.
// Server mode: a job on the Postgres queue for any worker. Embedded mode: the collector that
// instrumentation.ts registered inside this server process.

type InProcessCollector = (request: RunJobPayload) => void;
const holder = globalThis as typeof globalThis & { __postureCollector?: InProcessCollector; __postureBoss?: Promise<PgBoss> };

export function registerInProcessCollector(collector: InProcessCollector): void {
  holder.__postureCollector = collector;
}

export type CollectionRequest = { queued: boolean; mode: "queue" | "in-process" };

export async function requestCollection(request: RunJobPayload): Promise<CollectionRequest> {
  const payload = runJobPayload.parse(request);
  if (env.DATABASE_URL) {
    holder.__postureBoss ??= startBoss(env.DATABASE_URL).catch((err: unknown) => {
      holder.__postureBoss = undefined;
      throw err;
    });
    const boss = await holder.__postureBoss;
    const id = await boss.send(QUEUES.run, payload);
    return { queued: id !== null, mode: "queue" };
  }
  if (!holder.__postureCollector) throw new Error("No in-process collector is registered in this process.");
  holder.__postureCollector(payload);
  return { queued: true, mode: "in-process" };
}
