import { boolean, integer, numeric, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { awsAccountId, tstz } from "./columns";
import { awsAccounts } from "./organization";
import { collectionRuns } from "./collection";

/** What watches an account's spend: an AWS Budgets budget or a CloudWatch alarm on AWS/Billing. */
export const billingWatchKinds = ["budget", "billing_alarm"] as const;
export type BillingWatchKind = (typeof billingWatchKinds)[number];

/**
 * An account's budgets and billing alarms as its last successful read of each kind found them: a read
 * replaces that kind's rows, a failed read leaves them (billing_watch_reads says how old they are).
 */
export const accountBudgets = pgTable(
  "account_budgets",
  {
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    kind: text({ enum: billingWatchKinds }).notNull(),
    name: text().notNull(),
    /** Budgets: COST, USAGE, RI_UTILIZATION, SAVINGS_PLANS_COVERAGE, …; and MONTHLY, QUARTERLY, … */
    budgetType: text(),
    timeUnit: text(),
    limitAmount: numeric({ precision: 18, scale: 6, mode: "number" }),
    /** USD for a cost budget; GB, Hrs, … for a usage budget. */
    limitUnit: text(),
    /** This period's spend so far and AWS's forecast for the whole period. */
    actualSpend: numeric({ precision: 18, scale: 6, mode: "number" }),
    forecastedSpend: numeric({ precision: 18, scale: 6, mode: "number" }),
    /** Billing alarms: threshold on EstimatedCharges, OK / ALARM / INSUFFICIENT_DATA, and whether it notifies anyone. */
    threshold: numeric({ precision: 18, scale: 6, mode: "number" }),
    state: text(),
    /** The metric watched, e.g. "EstimatedCharges (USD)" or "EstimatedCharges, AmazonEC2 (USD)". */
    metric: text(),
    actionsEnabled: boolean(),
    actions: integer(),
    readAt: tstz().notNull(),
    lastRunId: uuid().references(() => collectionRuns.id, { onDelete: "set null" }),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.kind, t.name] })],
);

/** When each kind was last read in full for an account: an account with no row was never read. */
export const billingWatchReads = pgTable(
  "billing_watch_reads",
  {
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    kind: text({ enum: billingWatchKinds }).notNull(),
    readAt: tstz().notNull(),
    lastRunId: uuid().references(() => collectionRuns.id, { onDelete: "set null" }),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.kind] })],
);
