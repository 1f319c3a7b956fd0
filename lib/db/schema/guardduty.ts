import { boolean, index, integer, jsonb, pgTable, primaryKey, real, text, uuid } from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow, tstz } from "./columns";
import { severityEnum } from "./enums";
import { awsAccounts } from "./organization";
import { collectionRuns } from "./collection";

/** GuardDuty findings as reported, keyed by AWS's own id; append-mostly, partitionable by last_seen_at. */
export const guarddutyFindings = pgTable(
  "guardduty_findings",
  {
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    region: text().notNull(),
    id: text().notNull(),
    detectorId: text().notNull(),
    type: text().notNull(),
    title: text().notNull(),
    description: text(),
    /** GuardDuty's numeric severity (1.0–8.9+) and our label for it. */
    severity: real().notNull(),
    severityLabel: severityEnum().notNull(),
    resourceType: text(),
    resourceId: text(),
    count: integer().notNull().default(1),
    archived: boolean().notNull().default(false),
    firstSeenAt: tstz().notNull(),
    lastSeenAt: tstz().notNull(),
    /** Selected, non-secret detail (action, actor IP, resource tags) for the detail view. */
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    collectedAt: stampedNow(),
    lastRunId: uuid().references(() => collectionRuns.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.region, t.id] }),
    index().on(t.lastSeenAt.desc()),
    index().on(t.severityLabel, t.archived),
    index().on(t.type),
  ],
);
