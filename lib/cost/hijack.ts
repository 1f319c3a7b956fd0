// Cost as a security signal: an incident whose spend is compute in a region the organization does not
// use, or that coincides (±1 day) with a high GuardDuty finding or risky CloudTrail activity in the same
// account, may be a hijacked account (a leaked key mining). Pure: the other signals come in as input.

import { investigationUrl } from "@/lib/domain/links";

export type RootCauseLine = { service: string; usageType: string; region: string; amount: number; delta: number };

export type HijackSignals = {
  /** Regions the organization marks unused (check settings `unusedRegions`). */
  unusedRegions: readonly string[];
  /** Days (YYYY-MM-DD, first and last seen) of the account's high GuardDuty findings and risky activity. */
  threats: readonly Threat[];
};

export type Threat = {
  first: string;
  last: string;
  title: string;
  source?: "guardduty" | "cloudtrail";
  /** Who acted, when the signal names it: the investigation of who sent or ran what. */
  accessKeyId?: string | null;
  principal?: string | null;
};

export type HijackIncident = { startDay: string; lastDay: string; rootCause: readonly RootCauseLine[] | null };

export type HijackEvidence = {
  computeInUnusedRegions: { region: string; usageType: string; delta: number }[];
  coincidingThreats: string[];
  /** The coinciding signals themselves (source, days, who), for the finding's evidence. */
  coinciding?: Threat[];
};

export const POSSIBLE_HIJACK = "possible_hijack";

const COMPUTE_SERVICE = /elastic compute cloud|ec2|lambda|sagemaker|batch|lightsail|elastic container|fargate/i;
/** GPU and accelerator instance families (p, g, inf, trn, dl) named in a usage type. */
const GPU_USAGE = /(?:^|[:.-])(?:p[2-6]|g[3-6][a-z]*|inf[12]|trn[12]|dl[12])[a-z]*\.\d*x?large|gpu/i;

export const isCompute = (l: Pick<RootCauseLine, "service" | "usageType">) =>
  COMPUTE_SERVICE.test(l.service) || GPU_USAGE.test(l.usageType) || /BoxUsage|SpotUsage/i.test(l.usageType);

const DAY_MS = 86_400_000;
const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Why the incident may be a hijack; null when nothing points that way. */
export function hijackEvidence(incident: HijackIncident, signals: HijackSignals): HijackEvidence | null {
  const unused = new Set(signals.unusedRegions);
  const computeInUnusedRegions = (incident.rootCause ?? [])
    .filter((l) => l.delta > 0 && unused.has(l.region) && isCompute(l))
    .map((l) => ({ region: l.region, usageType: l.usageType, delta: l.delta }));
  const from = shift(incident.startDay, -1);
  const to = shift(incident.lastDay, 1);
  const coinciding = signals.threats.filter((t) => t.first <= to && t.last >= from);
  if (computeInUnusedRegions.length === 0 && coinciding.length === 0) return null;
  return { computeInUnusedRegions, coincidingThreats: coinciding.map((t) => t.title), coinciding };
}

/** The critical finding a possible hijack raises (a detection: only its incident's fate resolves it). */
export const HIJACK_CHECK_ID = "cost_possible_hijack";

export type HijackIncidentRow = {
  id: string;
  service: string;
  startDay: string;
  endDay: string | null;
  lastDay: string;
  impact: number;
  impactPerDay: number;
  currency: string;
  verdict: "expected" | "not_anomaly" | null;
  verdictNote: string | null;
  verdictBy: string | null;
  labels: readonly string[];
  rootCause: { lines: readonly RootCauseLine[] } | null;
  hijackEvidence: HijackEvidence | null;
};

export type HijackFinding = {
  resourceId: string;
  region: string;
  /** Open while nobody judged the spend; dismissed once someone marked it expected or not an anomaly. */
  state: "open" | "dismissed";
  note: string;
  evidence: Record<string, unknown>;
};

/**
 * One finding per account and incident start day (the total and its services are one event). It stays
 * open after the spend ends (a hijack that stopped still happened) and is dismissed by a verdict.
 */
export function hijackFindings(accountId: string, incidents: readonly HijackIncidentRow[]): HijackFinding[] {
  const byStart = new Map<string, HijackIncidentRow[]>();
  for (const i of incidents)
    if (i.labels.includes(POSSIBLE_HIJACK)) byStart.set(i.startDay, [...(byStart.get(i.startDay) ?? []), i]);
  return [...byStart].map(([startDay, group]) => {
    const main = group.find((i) => i.service === "Total") ?? group[0]!;
    const lastDay = group.reduce((d, i) => (i.lastDay > d ? i.lastDay : d), main.lastDay);
    // The total and its services carry the same lines: each once.
    const unused = unique(
      group.flatMap((i) => i.hijackEvidence?.computeInUnusedRegions ?? []),
      (l) => `${l.region}|${l.usageType}`,
    );
    const coinciding = unique(
      group.flatMap((i) => i.hijackEvidence?.coinciding ?? []),
      (t) => `${t.title}|${t.first}`,
    );
    const titles = [...new Set(group.flatMap((i) => i.hijackEvidence?.coincidingThreats ?? []))];
    const who = coinciding.find((t) => t.accessKeyId || t.principal);
    const judged = group.find((i) => i.verdict);
    const costsUrl = `/costs?account=${accountId}&from=${shift(startDay, -14)}&to=${shift(lastDay, 7)}`;
    return {
      resourceId: `cost-incident/${startDay}`,
      region: unused[0]?.region ?? "global",
      state: judged ? "dismissed" : "open",
      note: judged
        ? `Spend marked ${judged.verdict === "expected" ? "expected / planned" : "not an anomaly"}${judged.verdictBy ? ` by ${judged.verdictBy}` : ""}${judged.verdictNote ? `: ${judged.verdictNote}` : ""}`
        : `Possible hijack: ${main.currency} ${Math.round(main.impact).toLocaleString("en-US")} above the expected spend since ${startDay}`,
      evidence: {
        startDay,
        lastDay,
        ongoing: group.some((i) => i.endDay === null),
        impact: main.impact,
        impactPerDay: main.impactPerDay,
        currency: main.currency,
        incidents: group.map((i) => ({ id: i.id, service: i.service, impact: i.impact })),
        rootCause: (main.rootCause?.lines ?? []).slice(0, 5),
        computeInUnusedRegions: unused,
        coincidingThreats: titles,
        coinciding,
        costsUrl,
        ...(who
          ? {
              investigationUrl: investigationUrl(
                who.accessKeyId ? { accessKeyId: who.accessKeyId } : { principal: who.principal! },
              ),
            }
          : {}),
      },
    };
  });
}

const unique = <T>(items: T[], key: (t: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];
