import { boolean, index, pgTable, text, varchar } from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow, tstz } from "./columns";
import { severityEnum } from "./enums";
import { awsAccounts } from "./organization";

/** What a security event row stands for; notification rules key on the kind and the severity. */
export const securityEventKinds = [
  "guardduty_finding",
  "attack_sequence",
  "canary_tripped",
  "risky_activity",
  "possible_hijack",
] as const;
export type SecurityEventKind = (typeof securityEventKinds)[number];

/**
 * One row per high or critical GuardDuty finding, attack sequence, tripped canary or risky-activity
 * finding, keyed by a stable key so a re-collection updates it and never adds a second. Once created a row stays and follows its source
 * (severity lowered, archived), so a rule that fired on it can tell what became of it.
 */
export const securityEvents = pgTable(
  "security_events",
  {
    /** `guardduty/<account>/<region>/<finding id>` or `finding/<finding id>`: one source, one row. */
    key: text().primaryKey(),
    kind: varchar({ length: 40 }).$type<SecurityEventKind>().notNull(),
    /** The source's id: GuardDuty's finding id, or the detection finding's id (canary, risky activity). */
    sourceId: text().notNull(),
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    region: text().notNull(),
    severity: severityEnum().notNull(),
    title: text().notNull(),
    /** GuardDuty's finding type (`AttackSequence:IAM/CompromisedCredentials`) or the detection's check id. */
    type: text().notNull(),
    archived: boolean().notNull().default(false),
    /** When the source first saw the activity, and the source's own last update. */
    firstSeenAt: tstz().notNull(),
    updatedAt: tstz().notNull(),
    /** When Posture created the row, and when its severity, title or archived flag last changed. */
    createdAt: stampedNow(),
    changedAt: stampedNow(),
  },
  (t) => [index().on(t.accountId, t.changedAt.desc()), index().on(t.changedAt.desc())],
);
