import type { Severity } from "@/lib/domain/vocabulary";

// Cost spikes as incidents: additive Holt-Winters (level, damped trend, weekly season) learning from
// clipped errors; frozen during an incident, so a lasting rise stays ongoing instead of the new normal.
// Feedback ("expected", "not_anomaly") makes it learn the incident's level, so that level never alarms again.

export type DailyPoint = { day: string; amount: number };

export type Verdict = "expected" | "not_anomaly";
/** What a person said about the incident that starts on `start` (a day, YYYY-MM-DD). */
export type Feedback = { start: string; verdict: Verdict };

export type DetectorOptions = {
  /** An incident costs at least this much a day over the forecast (currency): cents never alarm. */
  minImpact: number;
  /** …and at least this fraction of the forecast (0.2 = 20 % above). */
  minRelative: number;
  /** …and at least this many spreads (a robust z-score) above it. */
  threshold: number;
  /** Days the model learns from before it judges any. */
  minHistory: number;
};

export const DEFAULT_DETECTOR: DetectorOptions = { minImpact: 10, minRelative: 0.2, threshold: 4, minHistory: 21 };

export type IncidentDay = { day: string; expected: number; actual: number };

export type CostIncident = {
  /** `new_spend`: money where there was none (a new service, a first spend in a region). */
  kind: "spike" | "new_spend";
  start: string;
  /** The last anomalous day; null while the incident is ongoing (its last day is the series' last). */
  end: string | null;
  lastDay: string;
  days: IncidentDay[];
  expected: number;
  actual: number;
  /** Σ(actual − expected) over the incident's days, in the series' currency. */
  impact: number;
  impactPerDay: number;
  /** Impact as a percentage of what was expected over the same days. */
  impactPercent: number;
  /** The highest robust z-score of its days. */
  score: number;
  severity: Severity;
  verdict: Verdict | null;
};

const ALPHA = 0.12;
const BETA = 0.04;
const GAMMA = 0.15;
const PHI = 0.97;
const SPREAD_RATE = 0.06;
/** Errors past this many spreads are clipped before the model learns from them. */
const CLIP = 2.5;
/** An open incident continues on days at least this fraction of its opening bound over the frozen forecast. */
const HOLD = 0.5;
/** Normal days in a row that end an incident (one quiet day inside a burst does not split it). */
const CLOSE_AFTER = 2;
/** Accepted incidents teach the model this fast, so it learns their level in a few days. */
const ACCEPT_ALPHA = 0.5;
const ROUND = (v: number) => Math.round(v * 100) / 100;

type Model = { level: number; trend: number; season: Float64Array; spread: number };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function initialModel(values: ArrayLike<number>, n: number): Model {
  const head = Array.from({ length: n }, (_, i) => values[i]!);
  const level = median(head);
  const season = new Float64Array(7);
  for (let d = 0; d < 7; d++) season[d] = median(head.filter((_, i) => i % 7 === d)) - level;
  const residuals = head.map((v, i) => Math.abs(v - level - season[i % 7]!));
  return { level, trend: 0, season, spread: Math.max(1.4826 * median(residuals), spreadFloor(level)) };
}

const spreadFloor = (level: number) => Math.max(0.03 * Math.abs(level), 0.01);
const forecast = (m: Model, t: number) => m.level + PHI * m.trend + m.season[t % 7]!;

function learn(m: Model, t: number, actual: number, alpha: number, clip: boolean) {
  const error = actual - forecast(m, t);
  const bound = CLIP * m.spread;
  const e = clip ? Math.max(-bound, Math.min(bound, error)) : error;
  m.level = m.level + PHI * m.trend + alpha * e;
  m.trend = PHI * m.trend + alpha * BETA * e;
  m.season[t % 7] = m.season[t % 7]! + GAMMA * (1 - alpha) * e;
  m.spread = Math.max(
    (1 - SPREAD_RATE) * m.spread + SPREAD_RATE * 1.25 * Math.min(Math.abs(error), bound),
    spreadFloor(m.level),
  );
}

function severityOf(peakRatio: number, impactPerDay: number): Severity {
  if (peakRatio >= 5 || impactPerDay >= 1000) return "critical";
  if (peakRatio >= 2.5 || impactPerDay >= 250) return "high";
  if (peakRatio >= 1.5 || impactPerDay >= 50) return "medium";
  return "low";
}

/** A day passes without teaching the model: what an incident's days do to it. */
function advance(m: Model) {
  m.level = m.level + PHI * m.trend;
  m.trend = PHI * m.trend;
}

type Open = {
  kind: CostIncident["kind"];
  start: number;
  last: number;
  quiet: number;
  days: { t: number; expected: number; actual: number; z: number }[];
  verdict: Verdict | null;
  /** A spike on top of this incident's own level (a burst during a lasting rise): its own incident. */
  onTop: Open | null;
};

/** Days an incident needs before a spike on top of it can be told from its own level. */
const ON_TOP_AFTER = 3;

export type IndexedIncident = Omit<CostIncident, "start" | "end" | "lastDay" | "days"> & {
  startIndex: number;
  endIndex: number | null;
  days: { t: number; expected: number; actual: number }[];
};

function summarize(o: Open, ongoing: boolean): IndexedIncident {
  let expected = 0;
  let actual = 0;
  let peakRatio = 0;
  let score = 0;
  for (const d of o.days) {
    expected += d.expected;
    actual += d.actual;
    peakRatio = Math.max(peakRatio, d.expected > 0 ? d.actual / d.expected : Infinity);
    score = Math.max(score, d.z);
  }
  const impact = actual - expected;
  const impactPerDay = impact / o.days.length;
  return {
    kind: o.kind,
    startIndex: o.start,
    endIndex: ongoing ? null : o.last,
    days: o.days.map((d) => ({ t: d.t, expected: ROUND(d.expected), actual: ROUND(d.actual) })),
    expected: ROUND(expected),
    actual: ROUND(actual),
    impact: ROUND(impact),
    impactPerDay: ROUND(impactPerDay),
    impactPercent: expected > 0 ? Math.round((impact / expected) * 1000) / 10 : 100,
    score: Math.round(Math.min(score, 999) * 10) / 10,
    severity: severityOf(peakRatio, impactPerDay),
    verdict: o.verdict,
  };
}

/** Incidents as day indices: the core, on plain numbers (one value a day, gaps already zero). */
export function detectInValues(
  values: ArrayLike<number>,
  options: DetectorOptions = DEFAULT_DETECTOR,
  verdictAt: (t: number) => Verdict | null = () => null,
): IndexedIncident[] {
  const n = values.length;
  const out: IndexedIncident[] = [];
  if (n <= options.minHistory) return out;
  const bound = (expected: number, spread: number) =>
    Math.max(options.minImpact, options.minRelative * Math.max(expected, 0), options.threshold * spread);
  const quiet = (v: number) => Math.abs(v) < options.minImpact / 10;
  const m = initialModel(values, options.minHistory);
  // Days in a row with (almost) no spend before t: spend after a long stretch of them is new_spend.
  let quietRun = 0;
  for (let t = 0; t < options.minHistory; t++) quietRun = quiet(values[t]!) ? quietRun + 1 : 0;
  let open: Open | null = null;

  for (let t = options.minHistory; t < n; t++) {
    const y = values[t]!;
    const expected = Math.max(forecast(m, t), 0);
    const over = y - expected;
    const z = over / m.spread;
    if (open) {
      // Unless accepted, the model stands still during an incident: a lasting rise stays an incident.
      // The incident's own level, added or multiplied (the weekly rhythm may or may not scale with
      // it): the higher of the two, so its ordinary days never look like a spike on top of it.
      const recent = open.days.slice(-7);
      const enough = recent.length >= ON_TOP_AFTER;
      const added = enough ? median(recent.map((d) => d.actual - d.expected)) : 0;
      const ratio = enough ? median(recent.map((d) => d.actual / Math.max(d.expected, 1e-9))) : 1;
      const level = Math.max(added, expected > 0 ? expected * (ratio - 1) : 0);
      const top = expected + Math.max(level, 0);
      const above = y - top;
      // Noise grows with the bill: on a raised level, a spread raised in proportion.
      const spread = m.spread * Math.max(1, expected > 0 ? top / expected : 1);
      if (open.onTop) {
        if (above >= HOLD * bound(top, spread)) {
          open.onTop.days.push({ t, expected: top, actual: y, z: above / spread });
          open.onTop.last = t;
          open.onTop.quiet = 0;
        } else if (++open.onTop.quiet >= CLOSE_AFTER) {
          out.push(summarize(open.onTop, false));
          open.onTop = null;
        }
      } else if (!open.verdict && level > 0 && above >= bound(top, spread) && above / spread >= options.threshold) {
        const spike: Open = {
          kind: "spike",
          start: t,
          last: t,
          quiet: 0,
          days: [],
          verdict: verdictAt(t),
          onTop: null,
        };
        spike.days.push({ t, expected: top, actual: y, z: above / spread });
        open.onTop = spike;
      }
      const capped = open.onTop?.last === t ? top : y;
      if (capped - expected >= HOLD * bound(expected, m.spread)) {
        open.days.push({ t, expected, actual: capped, z: (capped - expected) / m.spread });
        open.last = t;
        open.quiet = 0;
      } else open.quiet++;
      if (open.verdict) learn(m, t, y, open.quiet ? ALPHA : ACCEPT_ALPHA, open.quiet > 0);
      else advance(m);
      if (open.quiet >= CLOSE_AFTER) {
        if (open.onTop) out.push(summarize(open.onTop, false));
        out.push(summarize(open, false));
        open = null;
      }
    } else if (over >= bound(expected, m.spread) && z >= options.threshold) {
      const verdict = verdictAt(t);
      open = {
        kind: quietRun >= options.minHistory ? "new_spend" : "spike",
        start: t,
        last: t,
        quiet: 0,
        days: [],
        verdict,
        onTop: null,
      };
      open.days.push({ t, expected, actual: y, z });
      if (verdict) learn(m, t, y, ACCEPT_ALPHA, false);
      else advance(m);
    } else learn(m, t, y, ALPHA, true);
    quietRun = quiet(y) ? quietRun + 1 : 0;
  }
  if (open?.onTop) out.push(summarize(open.onTop, n - 1 - open.onTop.last < CLOSE_AFTER));
  if (open) out.push(summarize(open, n - 1 - open.last < CLOSE_AFTER));
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

const DAY_MS = 86_400_000;
const dayIndex = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (index: number) => new Date(index * DAY_MS).toISOString().slice(0, 10);

/**
 * The incidents of one daily series, oldest first. Missing days count as no spend; `until` extends
 * the series with zero days to a common last day (a series that stopped is not "ongoing").
 */
export function detectIncidents(
  series: readonly DailyPoint[],
  options: Partial<DetectorOptions> = {},
  feedback: readonly Feedback[] = [],
  range: { from?: string; until?: string } = {},
): CostIncident[] {
  if (series.length === 0) return [];
  const opts = { ...DEFAULT_DETECTOR, ...options };
  const indices = series.map((p) => dayIndex(p.day));
  const first = range.from ? dayIndex(range.from) : Math.min(...indices);
  const last = range.until ? dayIndex(range.until) : Math.max(...indices);
  const values = new Float64Array(last - first + 1);
  for (const p of series) {
    const i = dayIndex(p.day) - first;
    if (i >= 0 && i < values.length) values[i]! += p.amount;
  }
  const verdicts = new Map(feedback.map((f) => [dayIndex(f.start) - first, f.verdict]));
  return detectInValues(values, opts, (t) => verdicts.get(t) ?? null).map(
    ({ startIndex, endIndex, days, ...rest }) => ({
      ...rest,
      start: dayOf(first + startIndex),
      end: endIndex === null ? null : dayOf(first + endIndex),
      lastDay: dayOf(first + (days.at(-1)?.t ?? startIndex)),
      days: days.map((d) => ({ day: dayOf(first + d.t), expected: d.expected, actual: d.actual })),
    }),
  );
}
