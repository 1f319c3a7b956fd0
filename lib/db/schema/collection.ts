import { bigint, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow, tstz } from "./columns";
import { runStatusEnum, runTriggerEnum, unitStatusEnum } from "./enums";
import { awsAccounts, organizations } from "./organization";
import { users } from "./auth";

export const collectionRuns = pgTable(
  "collection_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    trigger: runTriggerEnum().notNull(),
    requestedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    status: runStatusEnum().notNull().default("queued"),
    createdAt: stampedNow(),
    startedAt: tstz(),
    finishedAt: tstz(),
    /** Touched by workers while they make progress; a stale heartbeat marks the run stuck. */
    heartbeatAt: tstz(),
    accountsTotal: integer().notNull().default(0),
    accountsDone: integer().notNull().default(0),
    unitsTotal: integer().notNull().default(0),
    unitsDone: integer().notNull().default(0),
    unitsFailed: integer().notNull().default(0),
    apiCalls: integer().notNull().default(0),
    throttledCalls: integer().notNull().default(0),
    errorMessage: text(),
  },
  (t) => [index().on(t.organizationId, t.createdAt.desc()), index().on(t.status)],
);

export const runUnits = pgTable(
  "run_units",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    runId: uuid()
      .notNull()
      .references(() => collectionRuns.id, { onDelete: "cascade" }),
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    /** An AWS region, or "global" for the account's global services (IAM, S3 listing, CE). */
    region: text().notNull(),
    status: unitStatusEnum().notNull().default("pending"),
    /** Stable code (AccessDenied, RegionDisabled, Throttled, Timeout, RoleMissing, …) and a human message. */
    errorCode: text(),
    errorMessage: text(),
    startedAt: tstz(),
    finishedAt: tstz(),
    durationMs: integer(),
    apiCalls: integer().notNull().default(0),
    throttledCalls: integer().notNull().default(0),
    attempts: integer().notNull().default(0),
    resultsCount: integer().notNull().default(0),
  },
  // finished_at alone: the latest collection of the whole organization (What changed's default).
  (t) => [
    uniqueIndex().on(t.runId, t.accountId, t.region),
    index().on(t.accountId, t.finishedAt.desc()),
    index().on(t.finishedAt),
  ],
);
