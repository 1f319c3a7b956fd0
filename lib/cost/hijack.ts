// Cost as a security signal: an incident whose spend is compute in a region the organization does not
// use, or that coincides (±1 day) with a high GuardDuty finding in the same account, may be a hijacked
// account (a leaked key mining cryptocurrency). Pure: the other signals come in as plain input.

export type RootCauseLine = { service: string; usageType: string; region: string; amount: number; delta: number };

export type HijackSignals = {
  /** Regions the organization marks unused (check settings `unusedRegions`). */
  unusedRegions: readonly string[];
  /** Days (YYYY-MM-DD, first and last seen) of the account's high or critical GuardDuty findings. */
  threats: readonly { first: string; last: string; title: string }[];
};

export type HijackIncident = { startDay: string; lastDay: string; rootCause: readonly RootCauseLine[] | null };

export type HijackEvidence = {
  computeInUnusedRegions: { region: string; usageType: string; delta: number }[];
  coincidingThreats: string[];
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
  const coincidingThreats = signals.threats.filter((t) => t.first <= to && t.last >= from).map((t) => t.title);
  if (computeInUnusedRegions.length === 0 && coincidingThreats.length === 0) return null;
  return { computeInUnusedRegions, coincidingThreats };
}
