/** Which Cost Explorer metric a collection reads (UnblendedCost unless configured). */
export const costMetrics = ["UnblendedCost", "AmortizedCost", "NetUnblendedCost"] as const;
export type CostMetric = (typeof costMetrics)[number];

/** One day of one service in one linked account. Credits and refunds stay negative. */
export type CostLine = { accountId: string; day: string; service: string; amount: number; currency: string };

/** What drove an account's spend over some days: one usage type in one region, and its rise. */
export type UsageLine = { service: string; usageType: string; region: string; amount: number; delta: number };

/** A request counter: Cost Explorer bills each request (each page) at $0.01. */
export type RequestCounter = { requests: number };

/** Recent days each run re-fetches: Cost Explorer restates them while estimates settle. */
export const DEFAULT_REFETCH_DAYS = 5;
