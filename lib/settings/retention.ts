import { audit } from "@/lib/db/queries/audit";
import { countRetentionTargets, deleteRetentionBatch, retentionTargets } from "@/lib/db/queries/retention";
import { getSetting, putSetting } from "@/lib/db/queries/settings";
import type { Db } from "@/lib/db/types";
import {
  RETENTION_LAST_PURGE_KEY,
  RETENTION_SETTINGS_KEY,
  purgeRecordSchema,
  resolveRetentionSettings,
  retentionCutoff,
  retentionKinds,
  type PurgeRecord,
  type RetentionKind,
  type RetentionSettings,
} from "@/lib/domain/retention";
import { log } from "@/lib/log";

export async function loadRetentionSettings(db: Db): Promise<RetentionSettings> {
  return resolveRetentionSettings(await getSetting(db, RETENTION_SETTINGS_KEY));
}

export async function loadLastPurge(db: Db): Promise<PurgeRecord | null> {
  const parsed = purgeRecordSchema.safeParse(await getSetting(db, RETENTION_LAST_PURGE_KEY));
  return parsed.success ? parsed.data : null;
}

export type RetentionPreview = {
  kind: RetentionKind;
  cutoff: Date | null;
  tables: { table: string; rows: number }[];
  total: number;
}[];

/** What a purge at `now` would delete, per kind and table: the purge's own predicates, counted. */
export async function previewRetention(
  db: Db,
  params: { settings: RetentionSettings; now: Date },
): Promise<RetentionPreview> {
  const out: RetentionPreview = [];
  for (const kind of retentionKinds) {
    const cutoff = retentionCutoff(params.settings, kind, params.now);
    const tables = cutoff
      ? await countRetentionTargets(db, { kind, cutoff })
      : retentionTargets[kind].map((t) => ({ table: t.table, rows: 0 }));
    out.push({ kind, cutoff, tables, total: tables.reduce((n, t) => n + t.rows, 0) });
  }
  return out;
}

export const PURGE_BATCH = 5000;

/**
 * Deletes what the retention settings let go, kind by kind and table by table, `batchSize` rows per
 * statement, each batch its own transaction with the run record (`retention-last-purge`) updated in
 * it. Row locks only, so readers never wait; one audit entry at the end says what went.
 */
export async function runRetentionPurge(
  db: Db,
  params: { now: Date; trigger: PurgeRecord["trigger"]; requestedBy?: string | null; batchSize?: number },
): Promise<PurgeRecord> {
  const size = params.batchSize ?? PURGE_BATCH;
  const settings = await loadRetentionSettings(db);
  const record: PurgeRecord = {
    startedAt: params.now.toISOString(),
    finishedAt: null,
    trigger: params.trigger,
    requestedBy: params.requestedBy ?? null,
    deleted: {},
    batches: 0,
    error: null,
  };
  await putSetting(db, RETENTION_LAST_PURGE_KEY, record);
  try {
    for (const kind of retentionKinds) {
      const cutoff = retentionCutoff(settings, kind, params.now);
      if (!cutoff) continue;
      for (const target of retentionTargets[kind]) {
        const name = `${kind}.${target.table}`;
        for (;;) {
          const n = await db.transaction(async (tx) => {
            const deleted = await deleteRetentionBatch(tx, { kind, table: target.table, cutoff, limit: size });
            if (deleted > 0) {
              record.deleted[name] = (record.deleted[name] ?? 0) + deleted;
              record.batches += 1;
              await putSetting(tx, RETENTION_LAST_PURGE_KEY, record);
            }
            return deleted;
          });
          if (n < size) break;
        }
      }
    }
  } catch (err) {
    record.error = err instanceof Error ? err.message.slice(0, 300) : String(err);
  }
  record.finishedAt = new Date().toISOString();
  await db.transaction(async (tx) => {
    await putSetting(tx, RETENTION_LAST_PURGE_KEY, record);
    await audit(tx, {
      actor: null,
      action: "retention.purge",
      outcome: record.error ? "error" : "success",
      target: { type: "settings", id: RETENTION_SETTINGS_KEY },
      details: {
        trigger: record.trigger,
        requestedBy: record.requestedBy,
        deleted: record.deleted,
        batches: record.batches,
        settings,
        ...(record.error ? { error: record.error } : {}),
      },
    });
  });
  return record;
}

const holder = globalThis as typeof globalThis & { __posturePurge?: Promise<PurgeRecord> };

/**
 * Embedded mode: one purge at a time in this process (the only one that opens the database);
 * false when one is already running.
 */
export function startPurgeInProcess(db: Db, params: Omit<Parameters<typeof runRetentionPurge>[1], "now">): boolean {
  if (holder.__posturePurge) return false;
  holder.__posturePurge = runRetentionPurge(db, { ...params, now: new Date() })
    .then((r) => {
      log.info("retention purge finished", { deleted: r.deleted, batches: r.batches, error: r.error });
      return r;
    })
    .finally(() => {
      holder.__posturePurge = undefined;
    });
  holder.__posturePurge.catch((err: unknown) => log.error("retention purge failed", { err }));
  return true;
}
