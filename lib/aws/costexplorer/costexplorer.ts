import {
  GetAnomaliesCommand,
  GetAnomalyMonitorsCommand,
  GetCostAndUsageCommand,
  type Anomaly,
  type CostExplorerClient,
  type ResultByTime,
} from "@aws-sdk/client-cost-explorer";
import { classifyAwsError, throwIfDeadline } from "../errors";
import type { AnomalyRead, AwsAnomaly, CostLine, CostMetric, RequestCounter, UsageLine } from "./types";

const DAY_MS = 86_400_000;
export const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Every page of one GetCostAndUsage query, each page counted as the request it is billed as. */
async function allPages(
  ce: CostExplorerClient,
  input: ConstructorParameters<typeof GetCostAndUsageCommand>[0],
  counter: RequestCounter,
  signal?: AbortSignal,
): Promise<ResultByTime[]> {
  const out: ResultByTime[] = [];
  let token: string | undefined;
  do {
    throwIfDeadline(signal);
    counter.requests++;
    const page = await ce.send(new GetCostAndUsageCommand({ ...input, NextPageToken: token }), {
      abortSignal: signal,
    });
    out.push(...(page.ResultsByTime ?? []));
    token = page.NextPageToken;
  } while (token);
  return out;
}

/**
 * Daily cost per linked account and service over [start, end) (end exclusive, as Cost Explorer
 * takes it), from the management account. Zero lines are dropped; negative ones (credits) kept.
 */
export async function getDailyCosts(
  ce: CostExplorerClient,
  q: { start: string; end: string; metric: CostMetric },
  counter: RequestCounter,
  signal?: AbortSignal,
): Promise<CostLine[]> {
  const results = await allPages(
    ce,
    {
      TimePeriod: { Start: q.start, End: q.end },
      Granularity: "DAILY",
      Metrics: [q.metric],
      GroupBy: [
        { Type: "DIMENSION", Key: "LINKED_ACCOUNT" },
        { Type: "DIMENSION", Key: "SERVICE" },
      ],
    },
    counter,
    signal,
  );
  const lines: CostLine[] = [];
  for (const r of results) {
    const day = r.TimePeriod?.Start;
    if (!day) continue;
    for (const g of r.Groups ?? []) {
      const [accountId, service] = g.Keys ?? [];
      const m = g.Metrics?.[q.metric];
      const amount = Number(m?.Amount ?? 0);
      if (!accountId || !service || !Number.isFinite(amount) || amount === 0) continue;
      lines.push({ accountId, day, service, amount, currency: m?.Unit ?? "USD" });
    }
  }
  return lines;
}

/**
 * What drove one account's spend over [from, to] (days, inclusive): one query grouped by usage type
 * and region over those days and the week before, each line's rise over its own daily baseline.
 */
export async function getRootCause(
  ce: CostExplorerClient,
  q: { accountId: string; from: string; to: string; metric: CostMetric },
  counter: RequestCounter,
  signal?: AbortSignal,
): Promise<UsageLine[]> {
  const baselineStart = shiftDay(q.from, -7);
  const results = await allPages(
    ce,
    {
      TimePeriod: { Start: baselineStart, End: shiftDay(q.to, 1) },
      Granularity: "DAILY",
      Metrics: [q.metric],
      Filter: { Dimensions: { Key: "LINKED_ACCOUNT", Values: [q.accountId] } },
      GroupBy: [
        { Type: "DIMENSION", Key: "USAGE_TYPE" },
        { Type: "DIMENSION", Key: "REGION" },
      ],
    },
    counter,
    signal,
  );
  const days = Math.round((Date.parse(q.to) - Date.parse(q.from)) / DAY_MS) + 1;
  const sums = new Map<string, { usageType: string; region: string; before: number; during: number }>();
  for (const r of results) {
    const day = r.TimePeriod?.Start ?? "";
    for (const g of r.Groups ?? []) {
      const [usageType = "", region = ""] = g.Keys ?? [];
      const amount = Number(g.Metrics?.[q.metric]?.Amount ?? 0);
      const key = `${usageType}|${region}`;
      const s = sums.get(key) ?? { usageType, region, before: 0, during: 0 };
      if (day < q.from) s.before += amount;
      else s.during += amount;
      sums.set(key, s);
    }
  }
  const round = (v: number) => Math.round(v * 100) / 100;
  return [...sums.values()]
    .map((s) => ({
      service: serviceOfUsageType(s.usageType),
      usageType: s.usageType,
      region: s.region,
      amount: round(s.during),
      delta: round(s.during - (s.before / 7) * days),
    }))
    .filter((l) => l.delta > 0)
    .sort((a, b) => b.delta - a.delta)
    .slice(0, 10);
}

/** The service a usage type belongs to, where its name says so; "" when it does not. */
export function serviceOfUsageType(usageType: string): string {
  if (/BoxUsage|SpotUsage|EBS:|DataTransfer|NatGateway|ElasticIP/i.test(usageType))
    return "Amazon Elastic Compute Cloud - Compute";
  if (/Lambda/i.test(usageType)) return "AWS Lambda";
  if (/^(?:[A-Z0-9]+-)?(?:InstanceUsage|Multi-AZUsage|RDS:|Aurora:)/i.test(usageType))
    return "Amazon Relational Database Service";
  if (/TimedStorage|Requests-Tier/i.test(usageType)) return "Amazon Simple Storage Service";
  if (/^(?:[A-Z0-9]+-)?ml\./i.test(usageType)) return "Amazon SageMaker";
  return "";
}

/**
 * AWS Cost Anomaly Detection's anomalies over [start, end] (paged), when the organization uses it: no
 * monitor, or AccessDenied / not subscribed, is "not used", never an error of the run.
 */
export async function getAwsAnomalies(
  ce: CostExplorerClient,
  q: { start: string; end: string },
  counter: RequestCounter,
  signal?: AbortSignal,
): Promise<AnomalyRead> {
  try {
    throwIfDeadline(signal);
    counter.requests++;
    const monitors = await ce.send(new GetAnomalyMonitorsCommand({ MaxResults: 1 }), { abortSignal: signal });
    if ((monitors.AnomalyMonitors ?? []).length === 0)
      return { state: "not_used", reason: "no Cost Anomaly Detection monitor in the management account" };
    const anomalies: AwsAnomaly[] = [];
    let token: string | undefined;
    do {
      throwIfDeadline(signal);
      counter.requests++;
      const page = await ce.send(
        new GetAnomaliesCommand({
          DateInterval: { StartDate: q.start, EndDate: q.end },
          MaxResults: 100,
          NextPageToken: token,
        }),
        { abortSignal: signal },
      );
      for (const a of page.Anomalies ?? []) {
        const plain = toAnomaly(a);
        if (plain) anomalies.push(plain);
      }
      token = page.NextPageToken;
    } while (token);
    return { state: "used", anomalies };
  } catch (err) {
    const c = classifyAwsError(err);
    if (c.code === "AccessDenied" || c.code === "NotSubscribed") return { state: "not_used", reason: c.message };
    throw err;
  }
}

function toAnomaly(a: Anomaly): AwsAnomaly | null {
  const cause = a.RootCauses?.[0];
  const accountId = cause?.LinkedAccount ?? (/^\d{12}$/.test(a.DimensionValue ?? "") ? a.DimensionValue! : undefined);
  const startDay = a.AnomalyStartDate?.slice(0, 10);
  if (!a.AnomalyId || !accountId || !startDay) return null;
  const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
  return {
    anomalyId: a.AnomalyId,
    accountId,
    startDay,
    endDay: a.AnomalyEndDate?.slice(0, 10) ?? null,
    service: cause?.Service ?? null,
    region: cause?.Region ?? null,
    usageType: cause?.UsageType ?? null,
    totalImpact: a.Impact?.TotalImpact ?? a.Impact?.MaxImpact ?? 0,
    expected: num(a.Impact?.TotalExpectedSpend),
    actual: num(a.Impact?.TotalActualSpend),
    maxScore: num(a.AnomalyScore?.MaxScore),
    monitorArn: a.MonitorArn ?? null,
    feedback: a.Feedback ?? null,
  };
}
