import "server-only";
import { canaryUses } from "@/lib/activity/canary";
import { detectionCatalog } from "@/lib/activity/catalog";
import { eventEvidence, evaluateActivity, type RuleSettings } from "@/lib/activity/rules";
import { insertTrailEvents, listKnownCallers, upsertDetectionFinding } from "@/lib/db/queries/activity";
import { listWatchedCanaries } from "@/lib/db/queries/canaries";
import { syncCheckCatalog } from "@/lib/db/queries/collection";
import type { Db } from "@/lib/db/types";
import type { TrailEvent } from "@/lib/domain/activity";
import { recordCanaryUses } from "./canary";

/**
 * Stores one account's management events, then puts them through the risky-activity rules and the
 * canaries: each hit a finding with the event as evidence. The activity watch and the demo both
 * enter here.
 */
export async function recordAccountActivity(
  db: Db,
  params: {
    accountId: string;
    events: readonly TrailEvent[];
    unusedRegions: readonly string[];
    rules: RuleSettings;
    now: Date;
  },
): Promise<{ stored: number; findings: number }> {
  const { accountId, events, now } = params;
  if (events.length === 0) return { stored: 0, findings: 0 };
  await syncCheckCatalog(db, detectionCatalog());
  const first = events.reduce((m, e) => (e.time < m ? e.time : m), events[0]!.time);
  const sesCallers = await listKnownCallers(db, { accountId, eventSource: "ses.amazonaws.com", before: first });
  const known = new Set(sesCallers.flatMap((c) => [c.principalArn, c.userAgent].filter((v): v is string => !!v)));
  const stored = await insertTrailEvents(db, accountId, events);
  const hits = evaluateActivity(
    [...events].sort((a, b) => a.time.getTime() - b.time.getTime()),
    {
      unusedRegions: new Set(params.unusedRegions),
      knownSesCallers: known,
    },
    params.rules,
  );
  // One finding per rule and principal (or resource): repeated calls refresh it rather than pile up.
  const byKey = new Map<string, (typeof hits)[number]>();
  for (const h of hits) byKey.set(`${h.rule.id}|${h.event.principalArn ?? h.event.userName ?? h.event.id}`, h);
  for (const [key, h] of byKey) {
    await upsertDetectionFinding(
      db,
      {
        checkId: h.rule.id,
        accountId,
        region: h.event.region,
        resourceId: key.split("|")[1]!,
        resourceType: "AWS::CloudTrail::Principal",
        severity: h.severity,
        evidence: eventEvidence(h.event, h.why),
        note: `${h.rule.title}: ${h.why}`,
        event: { kind: "risky_activity", title: `${h.rule.title}: ${key.split("|")[1]!}` },
      },
      now,
    );
  }
  let tripped = 0;
  for (const c of await listWatchedCanaries(db, { accountId })) {
    const uses = canaryUses(c.accessKeyId, events);
    if (uses.length > 0 && (await recordCanaryUses(db, c, accountId, uses, now))) tripped += 1;
  }
  return { stored, findings: byKey.size + tripped };
}
