import { date, index, integer, numeric, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow } from "./columns";
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
