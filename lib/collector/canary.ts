import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { newAccountRetryStrategy, newCallStats, type CallStats } from "@/lib/aws/clients";
import { lookupEvents, LOOKUP_EVENTS_RATE } from "@/lib/aws/cloudtrail/lookup";
import { assumeAuditRole, roleArnFor } from "@/lib/aws/credentials";
import { classifyAwsError } from "@/lib/aws/errors";
import type { AwsFactory } from "@/lib/aws/factory";
import { SendPacer } from "@/lib/aws/pacer";
import { listEnabledRegions } from "@/lib/aws/regions";
import {
  canaryFindingEvidence,
  canaryLookStart,
  canaryUses,
  credentialReportUses,
  type CanaryUse,
} from "@/lib/activity/canary";
import { CANARY_CHECK_ID, detectionCatalog } from "@/lib/activity/catalog";
import { insertTrailEvents, upsertDetectionFinding } from "@/lib/db/queries/activity";
import { listWatchedCanaries, recordCanaryCheck, recordCanaryUse, type WatchedCanary } from "@/lib/db/queries/canaries";
import { getAccountForCollection, syncCheckCatalog } from "@/lib/db/queries/collection";
import type { Db } from "@/lib/db/types";
import type { TrailEvent } from "@/lib/domain/activity";
import { mapLimited } from "@/lib/concurrency";
import { log } from "@/lib/log";
import type { CollectorSettings } from "./settings";

/**
 * One fixed-rate pacer per account × region for LookupEvents, kept for the life of the process, so
 * the canary job, the activity watch and investigations of one process share AWS's 2 calls a second.
 */
export class LookupPacers {
  private readonly byKey = new Map<string, SendPacer>();
  constructor(private readonly now?: () => number) {}
  get(accountId: string, region: string): SendPacer {
    const key = `${accountId}/${region}`;
    let p = this.byKey.get(key);
    if (!p)
      this.byKey.set(
        key,
        (p = new SendPacer({ maxRate: LOOKUP_EVENTS_RATE, catchUp: 0, ...(this.now ? { now: this.now } : {}) })),
      );
    return p;
  }
}

const shared = globalThis as typeof globalThis & { __postureLookupPacers?: LookupPacers };
export const processLookupPacers = (): LookupPacers => (shared.__postureLookupPacers ??= new LookupPacers());

export type CanaryDeps = {
  db: Db;
  aws: AwsFactory;
  settings: Pick<
    CollectorSettings,
    "homeRegion" | "roleName" | "managementRoleName" | "externalId" | "roleOverrides" | "regions" | "maxAttempts"
  >;
  pacers: LookupPacers;
  now?: () => Date;
  /** Enabled regions per account, remembered between cycles (they change rarely). */
  regionCache?: Map<string, { regions: string[]; at: number }>;
  /** Only the canaries of these owning accounts (tests; a "check now" of one account). */
  accountIds?: readonly string[];
};

export type CanaryCycle = {
  canaries: number;
  accounts: number;
  calls: number;
  throttled: number;
  tripped: string[];
  notChecked: number;
};

const REGION_CACHE_MS = 6 * 3_600_000;

/**
 * The canary job: for every watched canary, LookupEvents by its AccessKeyId in every enabled region
 * of its owning account since its last look (with a lookback for CloudTrail's delivery delay). Any use
 * is a canary event and a critical canary_key_used finding, written together.
 */
export async function runCanaryCycle(deps: CanaryDeps): Promise<CanaryCycle> {
  const now = (deps.now ?? (() => new Date()))();
  const canaries = (await listWatchedCanaries(deps.db)).filter(
    (c) => !deps.accountIds || (c.ownerAccountId && deps.accountIds.includes(c.ownerAccountId)),
  );
  const out: CanaryCycle = {
    canaries: canaries.length,
    accounts: 0,
    calls: 0,
    throttled: 0,
    tripped: [],
    notChecked: 0,
  };
  if (canaries.length === 0) return out;
  await syncCheckCatalog(deps.db, detectionCatalog());
  const byAccount = new Map<string, WatchedCanary[]>();
  for (const c of canaries) {
    if (!c.ownerAccountId) continue;
    byAccount.set(c.ownerAccountId, [...(byAccount.get(c.ownerAccountId) ?? []), c]);
  }
  out.accounts = byAccount.size;
  await mapLimited([...byAccount], 8, async ([accountId, list]) => {
    const stats = newCallStats();
    try {
      await checkAccount(deps, accountId, list, now, stats, out);
    } catch (err) {
      out.notChecked += list.length;
      log.error("canary check failed", { accountId, err });
      await recordCanaryCheck(deps.db, {
        ids: list.map((c) => c.id),
        at: now,
        error: `Could not check: ${err instanceof Error ? err.message.slice(0, 300) : "unknown error"}`,
      });
    }
    out.calls += stats.calls;
    out.throttled += stats.throttled;
  });
  return out;
}

async function checkAccount(
  deps: CanaryDeps,
  accountId: string,
  canaries: WatchedCanary[],
  now: Date,
  stats: CallStats,
  out: CanaryCycle,
): Promise<void> {
  const ids = canaries.map((c) => c.id);
  const account = await getAccountForCollection(deps.db, accountId);
  if (!account || account.status !== "active") {
    out.notChecked += canaries.length;
    await recordCanaryCheck(deps.db, {
      ids,
      at: now,
      error: account
        ? `The owning account ${accountId} is ${account.status.replace("_", " ")}.`
        : `The owning account ${accountId} is not in the discovered organization: Posture has no role there to read CloudTrail.`,
    });
    return;
  }
  const { settings } = deps;
  const roleName =
    account.isManagement && settings.managementRoleName ? settings.managementRoleName : settings.roleName;
  const credentials = assumeAuditRole({
    sts: deps.aws.hubSts(),
    roleArn: settings.roleOverrides[accountId] ?? account.roleArn ?? roleArnFor(accountId, roleName),
    externalId: settings.externalId,
    sessionName: "posture-canary",
  });
  const retry = newAccountRetryStrategy(settings.maxAttempts);
  const regions = await enabledRegions(deps, accountId, credentials, stats, retry);
  const failures: string[] = [];
  const found = new Map<string, TrailEvent[]>();
  await mapLimited(regions, regions.length, async (region) => {
    const clients = deps.aws.account({
      credentials,
      stats,
      retry,
      pacer: () => deps.pacers.get(accountId, region),
    });
    const cloudtrail = clients.client(CloudTrailClient, region);
    for (const c of canaries) {
      try {
        const events = await lookupEvents(cloudtrail, {
          region,
          attribute: { key: "AccessKeyId", value: c.accessKeyId },
          start: canaryLookStart(c, now),
          end: now,
        });
        if (events.length > 0) found.set(c.id, [...(found.get(c.id) ?? []), ...events]);
      } catch (err) {
        failures.push(`${region}: ${classifyAwsError(err).message}`);
        break;
      }
    }
  });
  for (const c of canaries) {
    const events = found.get(c.id) ?? [];
    const uses = canaryUses(c.accessKeyId, events);
    if (uses.length > 0 && (await recordCanaryUses(deps.db, c, accountId, uses, now, events)))
      out.tripped.push(c.accessKeyId);
  }
  const error =
    failures.length > 0
      ? `CloudTrail could not be read in ${failures.length} of ${regions.length} regions (${failures.slice(0, 2).join("; ")})`
      : null;
  if (error) out.notChecked += canaries.length;
  // A failed region leaves checkedUntil where it was, so the next look covers the gap.
  await recordCanaryCheck(deps.db, { ids, at: now, error, checkedUntil: error ? undefined : now });
}

async function enabledRegions(
  deps: CanaryDeps,
  accountId: string,
  credentials: ReturnType<typeof assumeAuditRole>,
  stats: CallStats,
  retry: ReturnType<typeof newAccountRetryStrategy>,
): Promise<string[]> {
  const cached = deps.regionCache?.get(accountId);
  const nowMs = Date.now();
  let regions = cached && nowMs - cached.at < REGION_CACHE_MS ? cached.regions : undefined;
  if (!regions) {
    regions = await listEnabledRegions(deps.aws.account({ credentials, stats, retry }).ec2(deps.settings.homeRegion));
    deps.regionCache?.set(accountId, { regions, at: nowMs });
  }
  return deps.settings.regions ? deps.settings.regions.filter((r) => regions.includes(r)) : regions;
}

/**
 * Stores a canary's uses and its finding in one transaction, with the CloudTrail events they came from
 * (so the investigation of the key shows them); true when any use was new.
 */
export async function recordCanaryUses(
  db: Db,
  c: WatchedCanary,
  accountId: string,
  uses: CanaryUse[],
  now: Date,
  events: readonly TrailEvent[] = [],
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (events.length > 0) await insertTrailEvents(tx, accountId, events);
    const added = await recordCanaryUse(tx, {
      canaryKeyId: c.id,
      events: uses.map((u) => ({ ...u, canaryKeyId: c.id })),
    });
    if (added.length === 0) return false;
    await upsertDetectionFinding(
      tx,
      {
        checkId: CANARY_CHECK_ID,
        accountId,
        region: "global",
        resourceId: c.accessKeyId,
        resourceType: "AWS::IAM::AccessKey",
        severity: "critical",
        evidence: canaryFindingEvidence(
          {
            accessKeyId: c.accessKeyId,
            label: c.label,
            plantedIn: c.plantedIn,
            iamUserName: c.iamUserName,
          },
          uses,
        ),
        note: `canary key used: ${added.length} new call(s)`,
        event: { kind: "canary_tripped", title: `Canary key ${c.accessKeyId} (${c.label}) was used` },
      },
      now,
    );
    return true;
  });
}

/**
 * The posture run's safety net: the canary users' key slots in the account's IAM credential report.
 * Use that CloudTrail missed (or a look that failed) still trips the canary.
 */
export async function checkCanaryCredentialReport(
  db: Db,
  accountId: string,
  report: { entries: readonly { user: string; accessKeys: readonly { lastUsed: Date | null }[] }[] },
  now: Date,
): Promise<string[]> {
  const canaries = await listWatchedCanaries(db, { accountId });
  if (canaries.length === 0) return [];
  await syncCheckCatalog(db, detectionCatalog());
  const tripped: string[] = [];
  for (const c of canaries) {
    const uses = credentialReportUses(c, report, accountId);
    if (uses.length > 0 && (await recordCanaryUses(db, c, accountId, uses, now))) tripped.push(c.accessKeyId);
  }
  return tripped;
}
