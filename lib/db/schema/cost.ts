import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow, tstz } from "./columns";
import { runTriggerEnum, severityEnum } from "./enums";
import { awsAccounts, organizations } from "./organization";

/** Service name used for an account's total in cost_incidents. */
export const COST_TOTAL_SERVICE = "Total";

/** Unblended daily cost per account × service, as Cost Explorer reports it. */
export const costDaily = pgTable(
  "cost_daily",
  {
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    service: text().notNull(),
    amount: numeric({ precision: 18, scale: 6, mode: "number" }).notNull(),
    currency: varchar({ length: 3 }).notNull().default("USD"),
    collectedAt: stampedNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day, t.service] }), index().on(t.day)],
);

/** What a person said about a cost incident: planned spend, or not an anomaly at all. */
export const costVerdicts = ["expected", "not_anomaly"] as const;

/**
 * A cost incident: consecutive anomalous days of one series (an account's total, or account × service).
 * Re-detected after every cost write; verdict, note and root cause survive while series + start match.
 */
export const costIncidents = pgTable(
  "cost_incidents",
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    /** A service name, or COST_TOTAL_SERVICE for the account's total. */
    service: text().notNull(),
    kind: text({ enum: ["spike", "new_spend"] }).notNull(),
    startDay: date({ mode: "string" }).notNull(),
    /** The last anomalous day; null while the incident is ongoing. */
    endDay: date({ mode: "string" }),
    lastDay: date({ mode: "string" }).notNull(),
    expected: numeric({ precision: 18, scale: 6, mode: "number" }).notNull(),
    actual: numeric({ precision: 18, scale: 6, mode: "number" }).notNull(),
    impact: numeric({ precision: 18, scale: 6, mode: "number" }).notNull(),
    impactPerDay: numeric({ precision: 18, scale: 6, mode: "number" }).notNull(),
    impactPercent: real().notNull(),
    score: real().notNull(),
    severity: severityEnum().notNull(),
    /** Per day: expected and actual, for the chart's markers. */
    days: jsonb().$type<{ day: string; expected: number; actual: number }[]>().notNull().default([]),
    verdict: text({ enum: costVerdicts }),
    verdictNote: text(),
    verdictBy: text(),
    verdictAt: tstz(),
    /** What drove it (usage type × region lines), when it was looked up. */
    rootCause: jsonb().$type<CostRootCause>(),
    labels: text().array().notNull().default([]),
    /** Why it is labelled a possible hijack: compute in unused regions, coinciding threats. */
    hijackEvidence: jsonb().$type<{
      computeInUnusedRegions: { region: string; usageType: string; delta: number }[];
      coincidingThreats: string[];
    }>(),
    currency: varchar({ length: 3 }).notNull().default("USD"),
    detectedAt: stampedNow(),
    updatedAt: stampedNow(),
  },
  (t) => [
    uniqueIndex().on(t.accountId, t.service, t.startDay),
    index().on(t.startDay.desc()),
    index().on(t.accountId, t.lastDay),
  ],
);

export type CostRootCauseLine = { service: string; usageType: string; region: string; amount: number; delta: number };
export type CostRootCause = { lines: CostRootCauseLine[]; source: "cost_explorer" | "demo" };

export const costRunStatuses = ["running", "succeeded", "partial", "failed"] as const;
/** What a cost collection knew of AWS Cost Anomaly Detection: used, not used (or not allowed), unread. */
export const anomalyServiceStates = ["used", "not_used", "failed"] as const;

/**
 * One Cost Explorer collection from the management account: its own run kind, on its own schedule,
 * so posture runs and cost runs never wait for each other. A failure keeps every stored cost.
 */
export const costRuns = pgTable(
  "cost_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    trigger: runTriggerEnum().notNull(),
    status: text({ enum: costRunStatuses }).notNull().default("running"),
    /** The payer account read (not a foreign key: the run outlives a re-discovery). */
    payerAccount: text(),
    metric: text().notNull(),
    fromDay: date({ mode: "string" }),
    toDay: date({ mode: "string" }),
    backfill: boolean().notNull().default(false),
    /** Cost Explorer requests sent, each billed $0.01; root-cause queries included. */
    requests: integer().notNull().default(0),
    rootCauseRequests: integer().notNull().default(0),
    lines: integer().notNull().default(0),
    incidents: integer().notNull().default(0),
    errorCode: text(),
    errorMessage: text(),
    /** Whether the organization uses AWS Cost Anomaly Detection, as this run found. */
    anomalyService: text({ enum: anomalyServiceStates }),
    anomalyRequests: integer().notNull().default(0),
    startedAt: stampedNow(),
    finishedAt: tstz(),
  },
  (t) => [index().on(t.organizationId, t.startedAt.desc()), index().on(t.status)],
);

/**
 * An anomaly AWS Cost Anomaly Detection reported (GetAnomalies), filed under the linked account its
 * first root cause names: shown beside ours on the Costs page. Upserted; AWS's id is the key.
 */
export const awsCostAnomalies = pgTable(
  "aws_cost_anomalies",
  {
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    anomalyId: text().notNull(),
    startDay: date({ mode: "string" }).notNull(),
    /** Null while AWS reports it ongoing. */
    endDay: date({ mode: "string" }),
    service: text(),
    region: text(),
    usageType: text(),
    totalImpact: numeric({ precision: 18, scale: 6, mode: "number" }).notNull(),
    expected: numeric({ precision: 18, scale: 6, mode: "number" }),
    actual: numeric({ precision: 18, scale: 6, mode: "number" }),
    maxScore: real(),
    monitorArn: text(),
    feedback: text(),
    collectedAt: stampedNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.anomalyId] }), index().on(t.startDay)],
);
