import { isDeepStrictEqual } from "node:util";
import { and, count, eq, isNotNull, like, max, sql } from "drizzle-orm";
import { z } from "zod";
import type { DemoStatus } from "@/lib/domain/demo";
import { awsAccounts, collectionRuns, runUnits, users } from "../schema";
import type { Db } from "../types";
import { deleteOrganization, findDemoOrganization } from "./accounts";
import { CHECK_SETTINGS_KEY, deleteSetting, getSetting, putSetting } from "./settings";

/** Written last when the demo loads: a demo organization without it was interrupted while loading. */
export const DEMO_LOADED_KEY = "demo.loaded";
/** Written when someone removes the demo: it is then never loaded again by itself. */
export const DEMO_REMOVED_KEY = "demo.removed";
/** How far a load has got: written before the organization and after each simulated day. */
export const DEMO_PROGRESS_KEY = "demo.progress";

/** A load that has not written a day for this long has stopped (a simulated day takes well under a second). */
export const DEMO_STALLED_AFTER_MS = 120_000;

const progressValue = z.object({ day: z.number().int().min(0), days: z.number().int().min(1), at: z.iso.datetime() });
export type DemoProgress = { day: number; days: number };

/** `loading` is set while the demo is present but not complete; `stalled` when no day was written lately. */
export type DemoLoading = { day: number; days: number; stalled: boolean };

export type DemoState =
  | { present: false; removed: boolean }
  | { present: true; organizationId: string; loaded: boolean; accounts: number; loading: DemoLoading | null };

export async function getDemoState(db: Db, params: { now?: Date } = {}): Promise<DemoState> {
  const org = await findDemoOrganization(db);
  if (!org) return { present: false, removed: (await getSetting(db, DEMO_REMOVED_KEY)) !== undefined };
  const [loaded, progress, [row]] = await Promise.all([
    getSetting(db, DEMO_LOADED_KEY),
    getSetting(db, DEMO_PROGRESS_KEY),
    db.select({ n: count() }).from(awsAccounts).where(eq(awsAccounts.organizationId, org.id)),
  ]);
  const state = { present: true as const, organizationId: org.id, accounts: row?.n ?? 0 };
  if (loaded !== undefined) return { ...state, loaded: true, loading: null };
  const parsed = progressValue.safeParse(progress);
  // No readable progress (a loader that has not written it yet): taken as loading, since removing a
  // demo that a live loader writes into would race it.
  if (!parsed.success) return { ...state, loaded: false, loading: { day: 0, days: 0, stalled: false } };
  const { day, days, at } = parsed.data;
  const silentMs = (params.now ?? new Date()).getTime() - Date.parse(at);
  return { ...state, loaded: false, loading: { day, days, stalled: silentMs > DEMO_STALLED_AFTER_MS } };
}

/** The demo's state as the health check and the banner tell it: no account data. */
export function demoStatus(state: DemoState): DemoStatus {
  if (!state.present) return { state: "none" };
  if (!state.loading) return { state: "ready" };
  const { day, days, stalled } = state.loading;
  return { state: stalled ? "interrupted" : "loading", day, days };
}

/** Records how far a load has got; `getDemoState` reads it as "day N of M" and to tell a stopped load. */
export async function putDemoProgress(db: Db, progress: DemoProgress, now = new Date()): Promise<void> {
  await putSetting(db, DEMO_PROGRESS_KEY, { ...progress, at: now.toISOString() });
}

/** Marks the demo complete in one step: from then on pages and the banner treat it as loaded. */
export async function markDemoLoaded(db: Db, params: { now?: Date } = {}): Promise<void> {
  await db.transaction(async (tx) => {
    await putSetting(tx, DEMO_LOADED_KEY, { at: (params.now ?? new Date()).toISOString() });
    await deleteSetting(tx, DEMO_PROGRESS_KEY);
    await deleteSetting(tx, DEMO_REMOVED_KEY);
  });
}

/**
 * A simulated run ends when its last unit does: the snapshot writer closes a run at the `now` it is
 * given, for the demo the day's simulated start, which made every demo run last 0 ms.
 */
export async function endDemoRunAtLastUnit(db: Db, runId: string): Promise<void> {
  const lastUnit = db
    .select({ at: max(runUnits.finishedAt) })
    .from(runUnits)
    .where(eq(runUnits.runId, runId));
  await db
    .update(collectionRuns)
    .set({ finishedAt: sql`greatest(${collectionRuns.finishedAt}, (${lastUnit}))` })
    .where(and(eq(collectionRuns.id, runId), isNotNull(collectionRuns.finishedAt)));
}

/** Deletes the demo organization, its markers, and the check settings when they are still the demo's. */
async function dropDemo(tx: Db, demoCheckSettings: unknown): Promise<string | null> {
  const existing = await findDemoOrganization(tx);
  await deleteSetting(tx, DEMO_PROGRESS_KEY);
  if (!existing) return null;
  await deleteOrganization(tx, existing.id);
  await deleteDemoPeople(tx);
  await deleteSetting(tx, DEMO_LOADED_KEY);
  if (isDeepStrictEqual(await getSetting(tx, CHECK_SETTINGS_KEY), demoCheckSettings))
    await deleteSetting(tx, CHECK_SETTINGS_KEY);
  return existing.id;
}

/**
 * Removes the demo organization and everything simulated for it (accounts cascade to findings,
 * runs, costs and rollups; its canary keys go too), and records the removal so that no start
 * loads it again. The check settings go too when they are still the ones the demo brought.
 */
export async function removeDemoOrganization(
  db: Db,
  params: { demoCheckSettings: unknown; by?: string; now?: Date },
): Promise<{ removed: boolean; organizationId?: string }> {
  return db.transaction(async (tx) => {
    const organizationId = await dropDemo(tx, params.demoCheckSettings);
    if (!organizationId) return { removed: false };
    await putSetting(tx, DEMO_REMOVED_KEY, { at: (params.now ?? new Date()).toISOString() }, params.by);
    return { removed: true, organizationId };
  });
}

/**
 * Deletes a demo whose load never completed, without recording a removal: a later start may load
 * it again. A complete demo is left alone. Returns whether there was one to delete.
 */
export async function discardUnfinishedDemo(db: Db, params: { demoCheckSettings: unknown }): Promise<boolean> {
  return db.transaction(async (tx) => {
    if ((await getSetting(tx, DEMO_LOADED_KEY)) !== undefined) return false;
    return (await dropDemo(tx, params.demoCheckSettings)) !== null;
  });
}

/** The demo's people: disabled accounts (no one signs in as them) that findings are assigned to. */
export const DEMO_PEOPLE_DOMAIN = "demo.posture.invalid";

export async function ensureDemoPeople(
  db: Db,
  people: readonly { name: string; local: string }[],
): Promise<{ id: string; name: string }[]> {
  const out: { id: string; name: string }[] = [];
  for (const p of people) {
    const email = `${p.local}@${DEMO_PEOPLE_DOMAIN}`;
    const [row] = await db
      .insert(users)
      .values({ email, name: p.name, role: "triager", roleSource: "manual", disabledAt: new Date(0) })
      .onConflictDoUpdate({ target: users.email, set: { name: p.name } })
      .returning({ id: users.id, name: users.name });
    out.push({ id: row!.id, name: row!.name ?? p.name });
  }
  return out;
}

async function deleteDemoPeople(tx: Db): Promise<void> {
  await tx.delete(users).where(like(users.email, `%@${DEMO_PEOPLE_DOMAIN}`));
}
