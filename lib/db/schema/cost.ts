import { date, index, numeric, pgTable, primaryKey, real, text, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow } from "./columns";
import { anomalyStatusEnum, severityEnum } from "./enums";
import { awsAccounts } from "./organization";
import { collectionRuns } from "./collection";

/** Service name used for an account's total in cost_anomalies. */
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

export const costAnomalies = pgTable(
  "cost_anomalies",
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    service: text().notNull(),
    day: date({ mode: "string" }).notNull(),
    expected: numeric({ precision: 18, scale: 6, mode: "number" }).notNull(),
    actual: numeric({ precision: 18, scale: 6, mode: "number" }).notNull(),
    /** How far outside the baseline the day is (robust z-score). */
    score: real().notNull(),
    severity: severityEnum().notNull(),
    status: anomalyStatusEnum().notNull().default("open"),
    detectedAt: stampedNow(),
    runId: uuid().references(() => collectionRuns.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex().on(t.accountId, t.service, t.day), index().on(t.day.desc()), index().on(t.status)],
);
