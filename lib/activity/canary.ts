import type { TrailEvent } from "@/lib/domain/activity";

/**
 * Secret scanners that verify a leaked key with sts:GetCallerIdentity, by the user agent they send.
 * Their call still trips the canary (the key is exposed); the label tells triage where it leaked.
 */
const SCANNERS: { name: string; agent: RegExp }[] = [
  { name: "TruffleHog", agent: /trufflehog/i },
  { name: "GitGuardian", agent: /gitguardian|ggshield/i },
  { name: "Kingfisher", agent: /kingfisher/i },
  { name: "Nosey Parker", agent: /noseyparker|nosey-parker/i },
  { name: "GitHub secret scanning", agent: /github-secret-scanning/i },
];

/** The scanner that made this call, when it is a verification call from a known one. */
export function scannerOf(e: Pick<TrailEvent, "name" | "source" | "userAgent" | "sourceIp">): string | null {
  if (e.name !== "GetCallerIdentity" || !e.source.startsWith("sts.")) return null;
  return SCANNERS.find((s) => e.userAgent && s.agent.test(e.userAgent))?.name ?? null;
}

/**
 * How far back each look reaches before the previous one ended: CloudTrail shows an event minutes
 * after the call (usually under 5, at most about 15), with the call's time; EventId deduplicates.
 */
export const CANARY_LOOKBACK_MS = 20 * 60_000;

/** Where the next look at a canary starts. */
export function canaryLookStart(c: { checkedUntil: Date | null; createdAt: Date }, now: Date): Date {
  const from = c.checkedUntil ?? c.createdAt;
  const start = new Date(from.getTime() - CANARY_LOOKBACK_MS);
  // LookupEvents keeps 90 days.
  const oldest = new Date(now.getTime() - 90 * 86_400_000);
  return start < oldest ? oldest : start;
}

export type CanaryUse = {
  id: string;
  eventTime: Date;
  eventName: string;
  eventSource: string;
  awsRegion: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  errorCode: string | null;
  recipientAccountId: string | null;
  scanner: string | null;
  source: "cloudtrail" | "credential-report";
  details: Record<string, unknown>;
};

/** Canary events from CloudTrail events made with its key (others are ignored). */
export function canaryUses(accessKeyId: string, events: readonly TrailEvent[]): CanaryUse[] {
  return events
    .filter((e) => e.accessKeyId === accessKeyId)
    .map((e) => ({
      id: e.id,
      eventTime: e.time,
      eventName: e.name,
      eventSource: e.source,
      awsRegion: e.region,
      sourceIp: e.sourceIp ?? null,
      userAgent: e.userAgent ?? null,
      errorCode: e.errorCode ?? null,
      recipientAccountId: e.accountId ?? null,
      scanner: scannerOf(e),
      source: "cloudtrail" as const,
      details: { userName: e.userName, principalArn: e.principalArn },
    }));
}

/**
 * The posture run's safety net: a canary user's key used according to the IAM credential report
 * (use CloudTrail does not record, or a look that failed). One event per key slot and last-used time.
 */
export function credentialReportUses(
  canary: { accessKeyId: string; iamUserName: string | null; createdAt: Date },
  report: { entries: readonly { user: string; accessKeys: readonly { lastUsed: Date | null }[] }[] },
  accountId: string,
): CanaryUse[] {
  const entry = report.entries.find((e) => e.user === canary.iamUserName);
  if (!entry) return [];
  return entry.accessKeys.flatMap((k, i) =>
    k.lastUsed && k.lastUsed >= new Date(canary.createdAt.getTime() - 86_400_000)
      ? [
          {
            id: `credential-report:${canary.accessKeyId}:${i + 1}:${k.lastUsed.toISOString()}`,
            eventTime: k.lastUsed,
            eventName: `access_key_${i + 1}_last_used`,
            eventSource: "iam credential report",
            awsRegion: null,
            sourceIp: null,
            userAgent: null,
            errorCode: null,
            recipientAccountId: accountId,
            scanner: null,
            source: "credential-report" as const,
            details: { iamUserName: canary.iamUserName, keySlot: i + 1 },
          },
        ]
      : [],
  );
}

/** The evidence of a canary_key_used finding: the canary and its latest uses. */
export function canaryFindingEvidence(
  canary: { accessKeyId: string; label: string; plantedIn: string | null; iamUserName: string | null },
  uses: readonly CanaryUse[],
): Record<string, unknown> {
  const latest = [...uses].sort((a, b) => b.eventTime.getTime() - a.eventTime.getTime()).slice(0, 10);
  return {
    accessKeyId: canary.accessKeyId,
    canary: canary.label,
    plantedIn: canary.plantedIn,
    iamUserName: canary.iamUserName,
    scannerOnly: uses.length > 0 && uses.every((u) => u.scanner),
    uses: latest.map((u) => ({
      time: u.eventTime.toISOString(),
      action: `${u.eventSource.replace(".amazonaws.com", "")}:${u.eventName}`,
      region: u.awsRegion,
      sourceIp: u.sourceIp,
      userAgent: u.userAgent,
      errorCode: u.errorCode,
      scanner: u.scanner,
      source: u.source,
    })),
  };
}
