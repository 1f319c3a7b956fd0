import type { Severity } from "@/lib/domain/vocabulary";

export type DailyPoint = { day: string; amount: number };
export type CostAnomaly = { day: string; expected: number; actual: number; score: number; severity: Severity };

export type AnomalyOptions = {
  /** Days of history each day is compared with (trailing, excluding the day itself). */
  window?: number;
  /** Fewer days of history than this: no verdict. */
  minHistory?: number;
  /** Robust z-score from which a day is an anomaly. */
  threshold?: number;
  /** Increases smaller than this (in currency) are never anomalies: noise on tiny bills. */
  minIncrease?: number;
};

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Spikes in a daily cost series, each day judged against its own trailing window with a robust
 * z-score: (actual − median) / (1.4826 × MAD). Median and MAD ignore earlier spikes, so one bad day
 * does not hide the next; a floor on the spread keeps flat series from flagging pennies.
 */
export function detectCostAnomalies(series: readonly DailyPoint[], opts: AnomalyOptions = {}): CostAnomaly[] {
  const window = opts.window ?? 28;
  const minHistory = opts.minHistory ?? 14;
  const threshold = opts.threshold ?? 4;
  const minIncrease = opts.minIncrease ?? 5;
  const sorted = [...series].sort((a, b) => a.day.localeCompare(b.day));
  const out: CostAnomaly[] = [];
  for (let i = minHistory; i < sorted.length; i++) {
    const history = sorted.slice(Math.max(0, i - window), i).map((p) => p.amount);
    const expected = median(history);
    const mad = median(history.map((v) => Math.abs(v - expected)));
    // At least 5% of the baseline (or 1 unit) of spread, so a perfectly flat history is not infinitely sensitive.
    const spread = Math.max(1.4826 * mad, 0.05 * Math.abs(expected), 1);
    const actual = sorted[i]!.amount;
    const score = (actual - expected) / spread;
    if (score < threshold || actual - expected < minIncrease) continue;
    // Severity is how many times the usual bill the day cost: a 5× day is critical whatever the noise.
    const ratio = expected > 0 ? actual / expected : Infinity;
    const severity: Severity = ratio >= 5 ? "critical" : ratio >= 2.5 ? "high" : ratio >= 1.5 ? "medium" : "low";
    out.push({
      day: sorted[i]!.day,
      expected: Math.round(expected * 100) / 100,
      actual,
      score: Math.round(score * 10) / 10,
      severity,
    });
  }
  return out;
}
