import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow } from "./columns";
import { awsAccounts } from "./organization";
import { collectionRuns } from "./collection";
import { checks } from "./findings";

/**
 * The inventory organization-wide checks need (VPC CIDRs, trails), kept per run so the worker that
 * closes a run can evaluate them over every account, whichever worker collected each. Only the
 * latest finished run's rows are kept.
 */
export const inventoryItems = pgTable(
  "inventory_items",
  {
    runId: uuid()
      .notNull()
      .references(() => collectionRuns.id, { onDelete: "cascade" }),
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    region: text().notNull(),
    key: text().notNull(),
    data: jsonb().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.accountId, t.region, t.key] }), index().on(t.accountId)],
);

/** Each check's latest outcome counts per account: what the Checks page sums across the organization. */
export const checkAccountStats = pgTable(
  "check_account_stats",
  {
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    checkId: text()
      .notNull()
      .references(() => checks.id, { onDelete: "cascade" }),
    passed: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    notApplicable: integer().notNull().default(0),
    runId: uuid().references(() => collectionRuns.id, { onDelete: "set null" }),
    evaluatedAt: stampedNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.checkId] }), index().on(t.checkId)],
);
