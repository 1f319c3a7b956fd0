import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow, tstz } from "./columns";
import {
  checkScopeEnum,
  environmentEnum,
  findingEventKindEnum,
  findingStatusEnum,
  severityEnum,
  suppressionKindEnum,
} from "./enums";
import { awsAccounts } from "./organization";
import { collectionRuns } from "./collection";
import { users } from "./auth";

export type FrameworkRef = { framework: string; control: string };
export type Remediation = { steps: string[]; cli?: string; terraform?: string };

/** The check catalogue, synced from the code registry (lib/checks) at start. */
export const checks = pgTable("checks", {
  id: text().primaryKey(),
  title: text().notNull(),
  description: text().notNull(),
  service: text().notNull(),
  defaultSeverity: severityEnum().notNull(),
  scope: checkScopeEnum().notNull(),
  frameworks: jsonb().$type<FrameworkRef[]>().notNull().default([]),
  remediation: jsonb().$type<Remediation>().notNull(),
  enabled: boolean().notNull().default(true),
  updatedAt: stampedNow(),
});

export const findings = pgTable(
  "findings",
  {
    /** Stable identity: sha256(check id, account, region, resource id); see lib/domain/finding-id.ts. */
    id: text().primaryKey(),
    checkId: text()
      .notNull()
      .references(() => checks.id, { onDelete: "cascade" }),
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    region: text().notNull(),
    resourceId: text().notNull(),
    resourceType: text().notNull(),
    /** Effective severity (check default, raised for prod by the configured rule). */
    severity: severityEnum().notNull(),
    status: findingStatusEnum().notNull().default("NEW"),
    /** The fields that made the check fail, as collected. */
    evidence: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    firstSeenAt: stampedNow(),
    lastSeenAt: stampedNow(),
    statusChangedAt: stampedNow(),
    resolvedAt: tstz(),
    lastRunId: uuid().references(() => collectionRuns.id, { onDelete: "set null" }),
    assigneeId: uuid().references(() => users.id, { onDelete: "set null" }),
    suppressionReason: text(),
    suppressionKind: suppressionKindEnum(),
    suppressedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    suppressedUntil: tstz(),
    /** The rule that suppressed the finding, if one did: removing the rule reopens it. */
    suppressionRuleId: uuid().references((): AnyPgColumn => suppressionRules.id, { onDelete: "set null" }),
    reopenCount: integer().notNull().default(0),
    /** Remediation deadline (SLA) of an open finding, from the settings' days per severity; null when none applies. */
    dueAt: tstz(),
  },
  (t) => [
    index().on(t.accountId, t.status, t.severity),
    index().on(t.checkId, t.status),
    index().on(t.status, t.severity, t.lastSeenAt.desc()),
    index("findings_assignee_idx")
      .on(t.assigneeId)
      .where(sql`${t.assigneeId} is not null`),
    index("findings_open_due_idx")
      .on(t.dueAt)
      .where(sql`${t.status} in ('NEW', 'ACKNOWLEDGED')`),
    // Keyset pages of the Findings list (sort keys, then id) and the grouped view (index-only scan).
    index("findings_open_severity_keyset_idx")
      .on(t.severity, t.firstSeenAt, t.id)
      .where(sql`${t.status} in ('NEW', 'ACKNOWLEDGED')`),
    index("findings_severity_keyset_idx").on(t.severity, t.firstSeenAt, t.id),
    index("findings_first_seen_keyset_idx").on(t.firstSeenAt, t.id),
    index("findings_last_seen_keyset_idx").on(t.lastSeenAt, t.id),
    index("findings_check_keyset_idx").on(t.checkId, t.severity, t.id),
    index("findings_account_keyset_idx").on(t.accountId, t.severity, t.id),
    index("findings_open_due_keyset_idx")
      .on(sql`coalesce(${t.dueAt}, 'infinity'::timestamptz)`, t.id)
      .where(sql`${t.status} in ('NEW', 'ACKNOWLEDGED')`),
    index("findings_open_groups_idx")
      .on(t.checkId, t.accountId, t.severity, t.firstSeenAt, t.dueAt, t.status, t.resourceType)
      .where(sql`${t.status} in ('NEW', 'ACKNOWLEDGED')`),
    // Deep pages filtered by account-level terms, severity and region: index-only, no heap rows to reject.
    index("findings_open_account_region_idx")
      .on(t.accountId, t.severity, t.region, t.lastSeenAt, t.id)
      .where(sql`${t.status} in ('NEW', 'ACKNOWLEDGED')`),
    index("findings_suppression_rule_idx")
      .on(t.suppressionRuleId)
      .where(sql`${t.suppressionRuleId} is not null`),
    index("findings_suppression_expiry_idx")
      .on(t.suppressedUntil)
      .where(sql`${t.status} = 'SUPPRESSED'`),
  ],
);

/** Every change to a finding is a row here: history and MTTR come from events, not copies. */
export const findingEvents = pgTable(
  "finding_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    findingId: text()
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    occurredAt: stampedNow(),
    kind: findingEventKindEnum().notNull(),
    /** Null actor = the collector (automatic detection, resolution, reopening, expiry). */
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    runId: uuid().references(() => collectionRuns.id, { onDelete: "set null" }),
    fromStatus: findingStatusEnum(),
    toStatus: findingStatusEnum(),
    note: text(),
    data: jsonb().$type<Record<string, unknown>>(),
  },
  // (occurred_at, id): the timeline's order, read newest first up to its limit.
  (t) => [index().on(t.findingId, t.occurredAt), index("finding_events_occurred_at_id_index").on(t.occurredAt, t.id)],
);

/**
 * Admin rules suppressing the open findings they match, now and in future snapshots. Every
 * condition given must hold; a null condition matches anything.
 */
export const suppressionRules = pgTable(
  "suppression_rules",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Null: every check. */
    checkId: text().references(() => checks.id, { onDelete: "cascade" }),
    /** A glob over the resource id (`*` any run of characters, `?` one). */
    resourcePattern: text(),
    accountId: awsAccountId(),
    /** The OU and every OU below it. */
    ouId: text(),
    environment: environmentEnum(),
    /** Matches the account's tag or a tag in the finding's evidence. */
    tagKey: text(),
    tagValue: text(),
    reason: text().notNull(),
    kind: suppressionKindEnum().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: stampedNow(),
  },
  (t) => [index().on(t.accountId)],
);
