// Our incidents beside AWS Cost Anomaly Detection's anomalies: the same account, days that overlap
// (±1 day: AWS dates an anomaly by when it saw it), and the same service unless one side is the
// account's total. Pure: the Costs page and tests call it with plain rows.

export type OurIncident = { id: string; accountId: string; service: string; startDay: string; lastDay: string };
export type TheirAnomaly = {
  anomalyId: string;
  accountId: string;
  service: string | null;
  startDay: string;
  endDay: string | null;
};

export type AnomalyComparison<O extends OurIncident = OurIncident, T extends TheirAnomaly = TheirAnomaly> =
  { kind: "agreed"; ours: O[]; theirs: T[] } | { kind: "only_ours"; ours: O[] } | { kind: "only_theirs"; theirs: T[] };

const DAY_MS = 86_400_000;
const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * One row per event: our incidents of one account and start day are one event (the total and its
 * services), matched to every AWS anomaly that overlaps it; what matches nothing stands alone.
 */
export function compareAnomalies<O extends OurIncident, T extends TheirAnomaly>(
  ours: readonly O[],
  theirs: readonly T[],
  opts: { totalService?: string; today: string },
): AnomalyComparison<O, T>[] {
  const total = opts.totalService ?? "Total";
  const events = new Map<string, O[]>();
  for (const i of ours) {
    const key = `${i.accountId}|${i.startDay}`;
    events.set(key, [...(events.get(key) ?? []), i]);
  }
  const matched = new Set<string>();
  const out: AnomalyComparison<O, T>[] = [];
  for (const group of events.values()) {
    const hits = theirs.filter((a) => group.some((i) => overlaps(i, a, total, opts.today)));
    for (const a of hits) matched.add(a.anomalyId);
    out.push(hits.length > 0 ? { kind: "agreed", ours: group, theirs: hits } : { kind: "only_ours", ours: group });
  }
  for (const a of theirs) if (!matched.has(a.anomalyId)) out.push({ kind: "only_theirs", theirs: [a] });
  return out.sort((x, y) => firstDay(y).localeCompare(firstDay(x)));
}

function overlaps(i: OurIncident, a: TheirAnomaly, total: string, today: string): boolean {
  if (i.accountId !== a.accountId) return false;
  if (i.service !== total && a.service && a.service !== i.service) return false;
  const end = a.endDay ?? today;
  return shift(i.startDay, -1) <= end && shift(i.lastDay, 1) >= a.startDay;
}

const firstDay = (c: AnomalyComparison<OurIncident, TheirAnomaly>) =>
  c.kind === "only_theirs" ? c.theirs[0]!.startDay : c.ours.reduce((d, i) => (i.startDay < d ? i.startDay : d), "9");
