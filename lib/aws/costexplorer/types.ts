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

/** An anomaly AWS Cost Anomaly Detection found, filed under the linked account of its first root cause. */
export type AwsAnomaly = {
  anomalyId: string;
  accountId: string;
  startDay: string;
  endDay: string | null;
  service: string | null;
  region: string | null;
  usageType: string | null;
  totalImpact: number;
  expected: number | null;
  actual: number | null;
  maxScore: number | null;
  monitorArn: string | null;
  feedback: string | null;
};

/** GetAnomalies over a window: "not_used" when the organization has no monitor or refuses the call. */
export type AnomalyRead = { state: "used"; anomalies: AwsAnomaly[] } | { state: "not_used"; reason: string };
