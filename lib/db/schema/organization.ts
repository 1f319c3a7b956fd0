import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow, tstz } from "./columns";
import { accountStatusEnum, discoveryModeEnum, environmentEnum, unitStatusEnum } from "./enums";

export const organizations = pgTable("organizations", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  /** AWS Organizations id (o-xxxxxxxxxx) when discovered through Organizations. */
  awsOrganizationId: text(),
  managementAccountId: awsAccountId(),
  discoveryMode: discoveryModeEnum().notNull(),
  isDemo: boolean().notNull().default(false),
  createdAt: stampedNow(),
  updatedAt: stampedNow(),
});

export const organizationalUnits = pgTable(
  "organizational_units",
  {
    /** ou-xxxx-yyyyyyyy, or r-xxxx for the root. */
    id: text().primaryKey(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    parentId: text(),
    name: text().notNull(),
    /** Names from the root down, e.g. "Root/Workloads/Prod". */
    path: text().notNull(),
  },
  (t) => [index().on(t.organizationId), index().on(t.parentId)],
);

export const awsAccounts = pgTable(
  "aws_accounts",
  {
    id: awsAccountId().primaryKey(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    email: text(),
    ouId: text(),
    ouPath: text(),
    environment: environmentEnum().notNull().default("other"),
    status: accountStatusEnum().notNull().default("active"),
    isManagement: boolean().notNull().default(false),
    /** Per-account override of the audit role; null means the configured role name. Never credentials. */
    roleArn: text(),
    tags: jsonb().$type<Record<string, string>>().notNull().default({}),
    joinedAt: tstz(),
    discoveredAt: stampedNow(),
    lastCollectedAt: tstz(),
    lastRunId: uuid(),
    lastCollectionStatus: unitStatusEnum(),
    updatedAt: stampedNow(),
  },
  (t) => [
    index().on(t.organizationId),
    index().on(t.environment),
    index().on(t.ouId),
    index("aws_accounts_active_idx")
      .on(t.organizationId)
      .where(sql`${t.status} = 'active'`),
  ],
);
