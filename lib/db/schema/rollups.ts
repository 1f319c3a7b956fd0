import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
} from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow, tstz } from "./columns";
import { findingStatusEnum, severityEnum } from "./enums";
import { awsAccounts } from "./organization";

/** One row per account per day: what trend charts read, instead of scanning raw findings. */
export const accountDaily = pgTable(
  "account_daily",
  {
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    /** Posture score 0–100; null when nothing could be evaluated that day. */
    score: smallint(),
    openCritical: integer().notNull().default(0),
    openHigh: integer().notNull().default(0),
    openMedium: integer().notNull().default(0),
    openLow: integer().notNull().default(0),
    openInformational: integer().notNull().default(0),
    suppressed: integer().notNull().default(0),
    newFindings: integer().notNull().default(0),
    resolvedFindings: integer().notNull().default(0),
    guarddutyHigh: integer().notNull().default(0),
    cost: numeric({ precision: 18, scale: 6, mode: "number" }),
    /**
     * Whether a collection of the account evaluated anything that day. False = every attempt failed:
     * trends show the day as a gap (lib/db/queries/trends.ts), never as the counts the row holds.
     */
    collected: boolean().notNull().default(true),
    /** Resolutions that day, timed by the account page's rule (lib/db/queries/remediation.ts). */
    remediatedAll: integer().notNull().default(0),
    remediationHoursAll: doublePrecision().notNull().default(0),
    remediatedCritical: integer().notNull().default(0),
    remediationHoursCritical: doublePrecision().notNull().default(0),
    remediatedHigh: integer().notNull().default(0),
    remediationHoursHigh: doublePrecision().notNull().default(0),
    /** Of that day's resolutions, those of findings with a due date, and those that came by it. */
    resolvedWithDue: integer().notNull().default(0),
    resolvedWithinSla: integer().notNull().default(0),
    /** Open findings with a due date, and those past it, at the day's collection; null before recorded. */
    openWithDue: integer(),
    openOverdue: integer(),
    updatedAt: stampedNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day] }), index().on(t.day)],
);

/**
 * One row per account, day and framework: how many of the framework's controls the account passed
 * and failed (from its latest check outcomes), for the compliance percentage over time.
 */
export const complianceDaily = pgTable(
  "compliance_daily",
  {
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    framework: text().notNull(),
    passedControls: integer().notNull().default(0),
    failedControls: integer().notNull().default(0),
    updatedAt: stampedNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day, t.framework] }), index().on(t.day)],
);

/**
 * The Findings page's rollup: how many findings each (check, account, status, severity, SLA state)
 * holds and the oldest first seen. Kept by statement triggers on `findings` (migration 0016), so
 * every writer keeps it in its own transaction; `sla` is relative to `finding_rollup_clock.as_of`.
 */
export const findingGroupCounts = pgTable(
  "finding_group_counts",
  {
    checkId: text().notNull(),
    accountId: awsAccountId().notNull(),
    status: findingStatusEnum().notNull(),
    severity: severityEnum().notNull(),
    /** overdue, due_soon, on_time (open findings, as of the clock) or none (the others). */
    sla: text().notNull(),
    n: integer().notNull(),
    firstSeenAt: tstz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.checkId, t.accountId, t.status, t.severity, t.sla] }), index().on(t.accountId)],
);

/** The region facet's rollup: findings per (account, region, status, severity, SLA state). */
export const findingRegionCounts = pgTable(
  "finding_region_counts",
  {
    accountId: awsAccountId().notNull(),
    region: text().notNull(),
    status: findingStatusEnum().notNull(),
    severity: severityEnum().notNull(),
    sla: text().notNull(),
    n: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.region, t.status, t.severity, t.sla] })],
);

/** One row: the time the rollups' SLA states are computed against (moved forward every minute). */
export const findingRollupClock = pgTable("finding_rollup_clock", {
  id: smallint().primaryKey(),
  asOf: tstz().notNull(),
});
