import "server-only";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { activityRules } from "@/lib/activity/rules";
import { CANARY_LOOKBACK_MS } from "@/lib/activity/canary";
import { newAccountRetryStrategy, newCallStats } from "@/lib/aws/clients";
import { lookupEvents } from "@/lib/aws/cloudtrail/lookup";
import type { LookupAttribute } from "@/lib/aws/cloudtrail/types";
import { assumeAuditRole, roleArnFor } from "@/lib/aws/credentials";
import { listEnabledRegions } from "@/lib/aws/regions";
import { getAccountForCollection } from "@/lib/db/queries/collection";
import { getSetting, putSetting } from "@/lib/db/queries/settings";
import type { TrailEvent } from "@/lib/domain/activity";
import { mapLimited } from "@/lib/concurrency";
import { log } from "@/lib/log";
import { loadActivityRuleSettings } from "@/lib/settings/activity-rules";
import { loadCheckSettings } from "@/lib/settings/check-settings";
import { recordAccountActivity } from "./activity";
import type { CanaryDeps } from "./canary";

const WATCH_STATE_KEY = "activity-watch";
/** How often an account's management events are read (an hour at most between two looks). */
export const ACTIVITY_WATCH_EVERY_MS = 60 * 60_000;
const FIRST_LOOK_MS = 24 * 3_600_000;

/** The lookups the rules need: one LookupEvents attribute each (every page of it). */
export function watchLookups(): LookupAttribute[] {
  const names = new Set(activityRules.flatMap((r) => r.lookup.eventNames ?? []));
  const sources = new Set(activityRules.flatMap((r) => (r.lookup.eventSource ? [r.lookup.eventSource] : [])));
  const users = new Set(activityRules.flatMap((r) => (r.lookup.username ? [r.lookup.username] : [])));
  return [
    ...[...names].map((value) => ({ key: "EventName" as const, value })),
    ...[...sources].map((value) => ({ key: "EventSource" as const, value })),
    ...[...users].map((value) => ({ key: "Username" as const, value })),
  ];
}

/**
 * The risky-activity watch: for accounts not watched in the last hour, the management events the rules
 * need since the last look, every enabled region (all events in the organization's unused regions),
 * through the same LookupEvents pacers as the canary job.
 */
export async function runActivityWatch(
  deps: CanaryDeps & { settingsFile?: string; accountIds: readonly string[] },
): Promise<{ accounts: number; events: number; findings: number }> {
  const now = (deps.now ?? (() => new Date()))();
  const state = ((await getSetting(deps.db, WATCH_STATE_KEY)) ?? {}) as Record<string, string>;
  const due = deps.accountIds.filter(
    (id) => !state[id] || now.getTime() - Date.parse(state[id]!) >= ACTIVITY_WATCH_EVERY_MS,
  );
  const checks = await loadCheckSettings(deps.db, { file: deps.settingsFile });
  const unused = checks.ok ? checks.settings.unusedRegions : [];
  const rules = await loadActivityRuleSettings(deps.db);
  const out = { accounts: 0, events: 0, findings: 0 };
  for (const accountId of due) {
    try {
      const since = state[accountId]
        ? Date.parse(state[accountId]!) - CANARY_LOOKBACK_MS
        : now.getTime() - FIRST_LOOK_MS;
      const events = await readAccount(deps, accountId, new Date(since), now, unused);
      const r = await recordAccountActivity(deps.db, { accountId, events, unusedRegions: unused, rules, now });
      state[accountId] = now.toISOString();
      out.accounts += 1;
      out.events += r.stored;
      out.findings += r.findings;
    } catch (err) {
      log.warn("activity watch failed for an account; it is read again next cycle", { accountId, err });
    }
  }
  if (out.accounts > 0) await putSetting(deps.db, WATCH_STATE_KEY, state);
  return out;
}

async function readAccount(
  deps: CanaryDeps,
  accountId: string,
  start: Date,
  end: Date,
  unused: readonly string[],
): Promise<TrailEvent[]> {
  const account = await getAccountForCollection(deps.db, accountId);
  if (!account || account.status !== "active") return [];
  const { settings } = deps;
  const roleName =
    account.isManagement && settings.managementRoleName ? settings.managementRoleName : settings.roleName;
  const credentials = assumeAuditRole({
    sts: deps.aws.hubSts(),
    roleArn: settings.roleOverrides[accountId] ?? account.roleArn ?? roleArnFor(accountId, roleName),
    externalId: settings.externalId,
    sessionName: "posture-activity",
  });
  const stats = newCallStats();
  const retry = newAccountRetryStrategy(settings.maxAttempts);
  const enabled = await listEnabledRegions(deps.aws.account({ credentials, stats, retry }).ec2(settings.homeRegion));
  const lookups = watchLookups();
  const byId = new Map<string, TrailEvent>();
  await mapLimited(enabled, enabled.length, async (region) => {
    const cloudtrail = deps.aws
      .account({ credentials, stats, retry, pacer: () => deps.pacers.get(accountId, region) })
      .client(CloudTrailClient, region);
    const attributes: (LookupAttribute | undefined)[] = unused.includes(region) ? [undefined] : lookups;
    for (const attribute of attributes)
      for (const e of await lookupEvents(cloudtrail, { region, attribute, start, end }))
        byId.set(e.id, { ...e, accountId: e.accountId ?? accountId });
  });
  return [...byId.values()];
}
