import type { Severity } from "@/lib/domain/vocabulary";

/** How much one open finding of each severity weighs against the score. */
export const SEVERITY_WEIGHTS: Record<Severity, number> = {
  critical: 10,
  high: 5,
  medium: 2,
  low: 1,
  informational: 0,
};

/** The weighted total at which the score reaches 50. */
export const HALF_SCORE_WEIGHT = 50;

export const SCORE_FORMULA =
  "score = round(100 × 50 / (50 + W)), where W = 10·critical + 5·high + 2·medium + 1·low open findings (suppressed and resolved ones do not count)";

/**
 * Posture score 0–100 from open findings. 100 with nothing open; each finding lowers it, the first
 * ones most, so a handful of criticals is visible and a long tail of lows never hits zero.
 */
export function postureScore(open: Partial<Record<Severity, number>>): number {
  const weight = (Object.keys(SEVERITY_WEIGHTS) as Severity[]).reduce(
    (sum, s) => sum + SEVERITY_WEIGHTS[s] * (open[s] ?? 0),
    0,
  );
  return Math.round((100 * HALF_SCORE_WEIGHT) / (HALF_SCORE_WEIGHT + weight));
}
