import "server-only";
import { CHECK_SETTINGS_KEY, resolveCheckSettings, type CheckSettings } from "@/lib/checks/settings";
import { evaluateOrgCheck } from "@/lib/checks/evaluate";
import type { CollectedOrganization, OrgCheck } from "@/lib/checks/types";
import { GLOBAL_REGION } from "@/lib/domain/vocabulary";
import {
  listRunInventory,
  listRunUnitScopes,
  writeOrganizationFindings,
  type RunInventoryRow,
} from "@/lib/db/queries/inventory";
import { getSetting } from "@/lib/db/queries/settings";
import type { CheckStat, FailedResult } from "@/lib/db/queries/snapshot";
import type { Db } from "@/lib/db/types";
import { failedResult, tally } from "./evaluate";

/** The inventory keys organization-wide checks read: kept per run in inventory_items. */
export function orgInventoryKeys(checks: readonly OrgCheck[]): Set<string> {
  return new Set(checks.flatMap((c) => c.requires));
}

/**
 * Rebuilds every account's inventory (only the kept keys) from a run's rows. Every unit of the run
 * appears, read or not: a region whose read failed is there without its keys, so a check sees that
 * it could not look rather than believing there was nothing to see.
 */
export function buildOrgContext(
  rows: readonly RunInventoryRow[],
  settings: CollectedOrganization["settings"],
  scopes: readonly { accountId: string; environment: RunInventoryRow["environment"]; region: string }[] = [],
): CollectedOrganization {
  const accounts = new Map<string, CollectedOrganization["accounts"][number]>();
  for (const scope of scopes) {
    let a = accounts.get(scope.accountId);
    if (!a)
      accounts.set(
        scope.accountId,
        (a = { accountId: scope.accountId, environment: scope.environment, global: {}, regions: {} }),
      );
    if (scope.region !== GLOBAL_REGION) a.regions[scope.region] ??= {};
  }
  for (const row of rows) {
    let a = accounts.get(row.accountId);
    if (!a)
      accounts.set(
        row.accountId,
        (a = { accountId: row.accountId, environment: row.environment, global: {}, regions: {} }),
      );
    if (row.region === GLOBAL_REGION) (a.global as Record<string, unknown>)[row.key] = row.data;
    else ((a.regions[row.region] ??= {}) as Record<string, unknown>)[row.key] = row.data;
  }
  return { partition: "aws", settings, accounts: [...accounts.values()] };
}

/**
 * Runs the organization-wide checks once a run has closed, over the inventory every account's
 * collection kept, and writes their findings per account.
 */
export async function evaluateOrganization(
  db: Db,
  runId: string,
  checks: readonly OrgCheck[],
  base: CheckSettings,
  now = new Date(),
): Promise<void> {
  if (checks.length === 0) return;
  const settings = resolveCheckSettings(await getSetting(db, CHECK_SETTINGS_KEY), base);
  const [rows, scopes] = await Promise.all([listRunInventory(db, runId), listRunUnitScopes(db, runId)]);
  const ctx = buildOrgContext(rows as RunInventoryRow[], settings, scopes);
  const perAccount = new Map(
    ctx.accounts.map((a) => [
      a.accountId,
      {
        accountId: a.accountId,
        failed: [] as FailedResult[],
        evaluated: [] as { checkId: string; region: string }[],
        undetermined: [] as { checkId: string; region: string; resourceId: string }[],
        stats: new Map<string, CheckStat>(),
      },
    ]),
  );
  for (const check of checks) {
    const { results, evaluated } = evaluateOrgCheck(check, ctx);
    for (const { accountId, region } of evaluated)
      perAccount.get(accountId)!.evaluated.push({ checkId: check.id, region });
    for (const r of results) {
      const target = perAccount.get(r.accountId);
      if (!target) continue;
      tally(target.stats, check.id, [r]);
      if (r.status === "not_applicable")
        target.undetermined.push({ checkId: check.id, region: r.region, resourceId: r.resourceId });
      if (r.status === "fail")
        target.failed.push(
          failedResult(check, r.region, r, {
            environment: ctx.accounts.find((a) => a.accountId === r.accountId)!.environment,
            settings,
          }),
        );
    }
  }
  await writeOrganizationFindings(db, {
    runId,
    now,
    accounts: [...perAccount.values()].map((a) => ({
      accountId: a.accountId,
      failed: a.failed,
      evaluated: a.evaluated,
      undetermined: a.undetermined,
      stats: [...a.stats.values()],
    })),
  });
}
