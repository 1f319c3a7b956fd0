/** Whose series the Trends page shows: the organization, an environment, a team or one account. */
export const trendLevels = ["org", "environment", "team", "account"] as const;
export type TrendLevel = (typeof trendLevels)[number];

export const trendLevelLabels: Record<TrendLevel, string> = {
  org: "Organization",
  environment: "Environment",
  team: "Team",
  account: "Account",
};

/** The ranges offered, in days: 30 days to the two years daily rollups are kept for. */
export const trendRangeKeys = ["30d", "90d", "1y", "2y"] as const;
export type TrendRange = (typeof trendRangeKeys)[number];
export const trendRanges: Record<TrendRange, number> = { "30d": 30, "90d": 90, "1y": 365, "2y": 730 };
export const TREND_MIN_DAYS = 30;
export const TREND_MAX_DAYS = 730;
