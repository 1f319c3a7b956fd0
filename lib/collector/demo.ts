import "server-only";
import { catalogRows } from "@/lib/checks/catalog-rows";
import type { Check, OrgCheck } from "@/lib/checks/types";
import { GLOBAL_REGION } from "@/lib/domain/vocabulary";
import { findDemoOrganization } from "@/lib/db/queries/accounts";
import {
  DEMO_LOADED_KEY,
  discardUnfinishedDemo,
  endDemoRunAtLastUnit,
  markDemoLoaded,
  putDemoProgress,
} from "@/lib/db/queries/demo";
import { createCanaryKeyRow } from "@/lib/db/queries/canaries";
import { createRun, registerUnits, saveDiscoveredOrganization, syncCheckCatalog } from "@/lib/db/queries/collection";
import { refreshRollupCosts } from "@/lib/db/queries/costs";
import { CHECK_SETTINGS_KEY, getSetting, putSetting } from "@/lib/db/queries/settings";
import type { UnitRecord } from "@/lib/db/queries/snapshot";
import type { Db } from "@/lib/db/types";
import { demoCanaries, demoGuardDuty } from "@/lib/demo/activity";
import { demoTrailEvents } from "@/lib/demo/cloudtrail";
import { recordAccountActivity } from "./activity";
import { demoBudgetSpend, loadDemoCosts } from "./demo-costs";
import { DEMO_ACCOUNT_IDS, DEMO_DAYS, DEMO_STORY, demoInventory, demoOrganization } from "@/lib/demo/organization";
import { demoDetectorId } from "@/lib/demo/builders";
import { log } from "@/lib/log";
import { assembleAccountSnapshot, evaluateUnit } from "./assemble";
import { evaluateOrganization, orgInventoryKeys } from "./organization";
import { writeAccountSnapshot } from "./snapshot";
import { playDemoTriage } from "./demo-triage";
import { DEMO_COLLECTED_AT_MS, demoLastDay } from "@/lib/domain/demo";

const DAY_MS = 24 * 3600_000;

/** Day index `d` (0 = the oldest) as the moment its simulated collection ran: 06:00 UTC that day. */
export function demoDate(d: number, now: Date): Date {
  return new Date(demoLastDay(now) - (DEMO_DAYS - 1 - d) * DAY_MS + DEMO_COLLECTED_AT_MS);
}

/** Whether the account's collection fails on day `d` of the story (a gap in its trends, not a drop). */
function roleMissing(accountId: string, d: number): boolean {
  const { from, until } = DEMO_STORY.webStagingRoleMissing;
  return accountId === DEMO_ACCOUNT_IDS.webStaging && d >= from && d < until;
}

const failedRecord = (r: UnitRecord): UnitRecord => ({
  ...r,
  status: "failed",
  errorCode: "RoleMissing",
  errorMessage: "sts:AssumeRole: the role PostureAudit does not exist in this account",
  apiCalls: 1,
});

/**
 * PGlite answers in the same thread without I/O, so a load that only awaits queries never lets the
 * event loop run: no request would be served until it ends. Each account and day gives it a turn.
 */
const letOthersRun = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Loads the demo organization: 90 simulated collections through the real checks, snapshot writer and cost
 * anomaly detector, so findings open, resolve and reopen as they would in a real organization. Does nothing
 * when it is already loaded; loading it on purpose forgets an earlier removal.
 */
export async function loadDemoOrganization(
  db: Db,
  params: {
    checks: readonly Check[];
    orgChecks: readonly OrgCheck[];
    now?: Date;
    /** Simulate only the last this many days (tests); all of them by default. */
    days?: number;
  },
): Promise<{ loaded: boolean; organizationId: string }> {
  const existing = await findDemoOrganization(db);
  if (existing) {
    if (await getSetting(db, DEMO_LOADED_KEY)) return { loaded: false, organizationId: existing.id };
    log.warn("the demo organization was interrupted while loading; loading it again");
    await discardUnfinishedDemo(db, { demoCheckSettings: demoOrganization.checkSettings });
  }
  const now = params.now ?? new Date();
  const started = Date.now();
  const org = demoOrganization;
  const settings = org.checkSettings;
  await putDemoProgress(db, { day: 0, days: DEMO_DAYS });
  await syncCheckCatalog(db, catalogRows([...params.checks, ...params.orgChecks]));
  // The demo's settings (its unused region, its log-archive bucket) become the installation's,
  // unless an admin already saved some, so the Settings page shows what the findings were judged by.
  if ((await getSetting(db, CHECK_SETTINGS_KEY)) === undefined) await putSetting(db, CHECK_SETTINGS_KEY, settings);

  const units = [...new Set(org.accounts.map((a) => a.ouPath))].flatMap((path) => {
    const parts = path.split("/");
    return parts.map((name, i) => ({
      path: parts.slice(0, i + 1).join("/"),
      name,
      parent: i === 0 ? null : parts.slice(0, i).join("/"),
    }));
  });
  const ouId = (path: string) =>
    path === "Root" ? "r-demo" : `ou-demo-${path.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  const uniqueUnits = [...new Map(units.map((u) => [u.path, u])).values()];
  const organizationId = await saveDiscoveredOrganization(db, {
    name: "Demo organization",
    discoveryMode: "demo",
    awsOrganizationId: org.organizationId,
    managementAccountId: org.managementAccountId,
    units: uniqueUnits.map((u) => ({
      id: ouId(u.path),
      parentId: u.parent ? ouId(u.parent) : null,
      name: u.name,
      path: u.path,
    })),
    accounts: org.accounts.map((a) => ({
      id: a.id,
      name: a.name,
      email: a.email,
      ouId: ouId(a.ouPath),
      ouPath: a.ouPath,
      environment: a.environment,
      status: "active" as const,
      isManagement: a.id === org.managementAccountId,
      tags: a.tags,
      joinedAt: demoDate(0, now),
    })),
  });

  const keep = orgInventoryKeys(params.orgChecks);
  const byName = (name: string) => org.accounts.find((a) => a.name === name)?.id;
  // The delegated administrator reads every member's findings; they arrive with the last day's run.
  const guardDuty = demoGuardDuty(
    byName,
    settings.unusedRegions[0] ?? "ap-southeast-2",
    (day) => demoDate(day, now),
    demoDetectorId,
  );
  const budgetSpend = demoBudgetSpend({
    accounts: org.accounts,
    byName,
    unused: settings.unusedRegions[0] ?? "ap-southeast-2",
    managementAccountId: org.managementAccountId,
  });
  for (let d = DEMO_DAYS - (params.days ?? DEMO_DAYS); d < DEMO_DAYS; d++) {
    const at = demoDate(d, now);
    const runId = await createRun(db, { organizationId, trigger: "demo", accountsTotal: org.accounts.length, now: at });
    let finished = false;
    for (const account of org.accounts) {
      const inv = demoInventory(account.id, d, demoDate(DEMO_DAYS - 1, now));
      budgetSpend(account.id, d, at, inv.global);
      const regions = Object.keys(inv.regions);
      for (const region of regions) {
        const read = inv.regions[region]!.guardDutyFindings;
        inv.regions[region]!.guardDutyFindings = {
          ...read,
          readAt: at.toISOString(),
          findings: d === DEMO_DAYS - 1 && read.mode === "own" ? guardDuty.filter((g) => g.region === region) : [],
        };
      }
      await registerUnits(db, runId, account.id, [GLOBAL_REGION, ...regions]);
      const scopes = [
        { region: GLOBAL_REGION, inventory: inv.global },
        ...regions.map((region) => ({ region, inventory: inv.regions[region]! })),
      ];
      const record = (region: string, results: number, i: number): UnitRecord => ({
        region,
        status: "ok",
        startedAt: new Date(at.getTime() + i * 1500),
        finishedAt: new Date(at.getTime() + i * 1500 + 900 + ((results * 37) % 700)),
        apiCalls: 6 + results,
        throttledCalls: 0,
        resultsCount: results,
      });
      const units = roleMissing(account.id, d)
        ? scopes.map((sc, i) => ({ record: failedRecord(record(sc.region, 0, i)) }))
        : scopes.map((sc, i) => {
            const unit = evaluateUnit({ ...sc, account, checks: params.checks, settings, keep, runId });
            return { ...unit, record: record(sc.region, unit.evaluation.results, i) };
          });
      const outcome = await writeAccountSnapshot(
        db,
        assembleAccountSnapshot({ runId, accountId: account.id, now: at, units }),
      );
      finished ||= outcome.runFinished !== null;
      await letOthersRun();
    }
    if (finished) await evaluateOrganization(db, runId, params.orgChecks, settings, at);
    await endDemoRunAtLastUnit(db, runId);
    await putDemoProgress(db, { day: d + 1, days: DEMO_DAYS });
    await letOthersRun();
  }

  await playDemoTriage(db, {
    accountIds: org.accounts.map((a) => a.id),
    sandboxAccountId: org.accounts.find((a) => a.name === "sandbox-dev")?.id,
    at: (d) => demoDate(d, now),
    lastDay: DEMO_DAYS - 1,
  });

  // Activity outside the checks.
  // Costs after GuardDuty: a cost incident beside a high finding is labelled a possible hijack.
  const unused = settings.unusedRegions[0] ?? "ap-southeast-2";
  await loadDemoCosts(db, { accounts: org.accounts, byName, unusedRegions: settings.unusedRegions, unused, now });
  await refreshRollupCosts(
    db,
    org.accounts.map((a) => a.id),
  );

  const canaries = demoCanaries(byName);
  const checked = { lastCheckedAt: now, checkedUntil: now, createdAt: demoDate(0, now) };
  await createCanaryKeyRow(db, { ...canaries.tripped, ...checked, status: "active" });
  await createCanaryKeyRow(db, { ...canaries.quiet, ...checked, status: "active" });
  // The CloudTrail story goes through the real rules and canary matching, account by account.
  const trail = demoTrailEvents(byName, {
    canary: demoDate(canaries.day, now),
    ses: new Date(demoDate(80, now).getTime() + 2 * 3600_000),
    root: new Date(demoDate(DEMO_DAYS - 3, now).getTime() + 9 * 3600_000),
    sg: new Date(demoDate(DEMO_DAYS - 2, now).getTime() + 15 * 3600_000),
    exfil: new Date(demoDate(69, now).getTime() + 10 * 60_000),
  });
  for (const accountId of new Set(trail.map((e) => e.accountId!))) {
    await recordAccountActivity(db, {
      accountId,
      events: trail.filter((e) => e.accountId === accountId),
      unusedRegions: settings.unusedRegions ?? [],
      rules: {},
      now,
    });
  }
  // Until this marker, pages and the banner treat it as loading, and the next start loads it afresh.
  await markDemoLoaded(db, { now });
  log.info("demo organization loaded", { accounts: org.accounts.length, days: DEMO_DAYS, ms: Date.now() - started });
  return { loaded: true, organizationId };
}
