import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { newAccountRetryStrategy, newCallStats, type CallStats } from "@/lib/aws/clients";
import { lookupEventPages } from "@/lib/aws/cloudtrail/lookup";
import { AssumeRoleError, assumeAuditRole, roleArnFor } from "@/lib/aws/credentials";
import { classifyAwsError } from "@/lib/aws/errors";
import { listEnabledRegions } from "@/lib/aws/regions";
import { insertTrailEvents } from "@/lib/db/queries/activity";
import { getAccountForCollection } from "@/lib/db/queries/collection";
import { addLookupProgress, finishLookup, getLookupForJob, startLookup } from "@/lib/db/queries/lookups";
import type { LookupProblem } from "@/lib/db/schema";
import type { TrailEvent } from "@/lib/domain/activity";
import { mapLimited } from "@/lib/concurrency";
import { log } from "@/lib/log";
import type { CanaryDeps, LookupPacers } from "./canary";

/** Pages of 50 events read per account × region at most: 1,000 events, 10 s at LookupEvents' 2 calls/s. */
export const LOOKUP_MAX_PAGES = 20;
const ACCOUNTS_AT_ONCE = 4;

export type LookupQuery = { attribute: "AccessKeyId" | "Username"; subject: string; start: Date; end: Date };

export type LookupUnit = {
  accountId: string;
  region: string | null;
  events: TrailEvent[];
  capped: boolean;
  calls: number;
  throttled: number;
  problem?: LookupProblem;
};

type ReadDeps = Pick<CanaryDeps, "aws" | "settings" | "regionCache"> & { pacers: LookupPacers; maxPages?: number };

/**
 * Reads one account's CloudTrail for the subject in every enabled region, through the shared
 * LookupEvents pacers. A region that fails is one problem (throttled, access denied, not enabled);
 * an account whose role or region list cannot be read is one problem for the whole account.
 */
export async function readLookupAccount(
  deps: ReadDeps,
  account: { id: string; roleArn: string | null; isManagement: boolean },
  query: LookupQuery,
  onUnit: (unit: LookupUnit) => Promise<void>,
): Promise<void> {
  const { settings } = deps;
  const roleName =
    account.isManagement && settings.managementRoleName ? settings.managementRoleName : settings.roleName;
  const credentials = assumeAuditRole({
    sts: deps.aws.hubSts(),
    roleArn: settings.roleOverrides[account.id] ?? account.roleArn ?? roleArnFor(account.id, roleName),
    externalId: settings.externalId,
    sessionName: "posture-lookup",
  });
  const retry = newAccountRetryStrategy(settings.maxAttempts);
  const accountStats = newCallStats();
  let regions: string[];
  try {
    regions = await enabledRegions(deps, account.id, credentials, accountStats, retry);
  } catch (err) {
    const c = err instanceof AssumeRoleError ? { code: err.code, message: err.message } : classifyAwsError(err);
    await onUnit({
      accountId: account.id,
      region: null,
      events: [],
      capped: false,
      calls: accountStats.calls,
      throttled: accountStats.throttled,
      problem: { accountId: account.id, region: null, code: c.code, message: c.message },
    });
    return;
  }
  await mapLimited(regions, regions.length, async (region) => {
    const stats = newCallStats();
    const cloudtrail = deps.aws
      .account({ credentials, stats, retry, pacer: () => deps.pacers.get(account.id, region) })
      .client(CloudTrailClient, region);
    try {
      const read = await lookupEventPages(cloudtrail, {
        region,
        attribute: { key: query.attribute, value: query.subject },
        start: query.start,
        end: query.end,
        maxPages: deps.maxPages ?? LOOKUP_MAX_PAGES,
      });
      await onUnit({
        accountId: account.id,
        region,
        events: read.events.map((e) => ({ ...e, accountId: e.accountId ?? account.id })),
        capped: read.capped,
        calls: stats.calls,
        throttled: stats.throttled,
      });
    } catch (err) {
      const c = classifyAwsError(err);
      await onUnit({
        accountId: account.id,
        region,
        events: [],
        capped: false,
        calls: stats.calls,
        throttled: stats.throttled,
        problem: { accountId: account.id, region, code: c.code, message: c.message },
      });
    }
  });
}

async function enabledRegions(
  deps: ReadDeps,
  accountId: string,
  credentials: ReturnType<typeof assumeAuditRole>,
  stats: CallStats,
  retry: ReturnType<typeof newAccountRetryStrategy>,
): Promise<string[]> {
  const cached = deps.regionCache?.get(accountId);
  let regions = cached && Date.now() - cached.at < 6 * 3_600_000 ? cached.regions : undefined;
  if (!regions) {
    regions = await listEnabledRegions(deps.aws.account({ credentials, stats, retry }).ec2(deps.settings.homeRegion));
    deps.regionCache?.set(accountId, { regions, at: Date.now() });
  }
  return deps.settings.regions ? deps.settings.regions.filter((r) => regions.includes(r)) : regions;
}

/**
 * The on-demand lookup job: every account of the lookup, every enabled region, the last `days` days;
 * each account × region's events are stored as they arrive and the progress moves with them.
 */
export async function runCloudTrailLookup(
  deps: Omit<CanaryDeps, "accountIds"> & { maxPages?: number },
  lookupId: string,
): Promise<void> {
  const lookup = await getLookupForJob(deps.db, lookupId);
  if (!lookup || lookup.status !== "queued") return;
  const now = (deps.now ?? (() => new Date()))();
  const query: LookupQuery = {
    attribute: lookup.attribute,
    subject: lookup.subject,
    start: new Date(now.getTime() - lookup.days * 86_400_000),
    end: now,
  };
  // Progress counts accounts: their regions are known only once each is read.
  await startLookup(deps.db, { id: lookupId, unitsTotal: lookup.accountIds.length });
  try {
    await mapLimited(lookup.accountIds, ACCOUNTS_AT_ONCE, async (accountId) => {
      const account = await getAccountForCollection(deps.db, accountId);
      if (!account || account.status !== "active") {
        await addLookupProgress(deps.db, {
          id: lookupId,
          units: 1,
          events: 0,
          capped: false,
          problems: [
            { accountId, region: null, code: "Suspended", message: "The account is not active in the organization." },
          ],
        });
        return;
      }
      await readLookupAccount(deps, account, query, async (unit) => {
        const stored = unit.events.length > 0 ? await insertTrailEvents(deps.db, accountId, unit.events) : 0;
        await addLookupProgress(deps.db, {
          id: lookupId,
          units: 0,
          events: unit.events.length,
          capped: unit.capped,
          problems: unit.problem ? [unit.problem] : [],
        });
        if (stored > 0) log.debug("lookup stored events", { lookupId, accountId, region: unit.region, stored });
      });
      await addLookupProgress(deps.db, { id: lookupId, units: 1, events: 0, capped: false, problems: [] });
    });
    await finishLookup(deps.db, { id: lookupId, status: "done", at: new Date() });
  } catch (err) {
    log.error("CloudTrail lookup failed", { lookupId, err });
    await finishLookup(deps.db, { id: lookupId, status: "failed", at: new Date() });
  }
}
