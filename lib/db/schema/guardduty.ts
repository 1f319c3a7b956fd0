import { boolean, index, integer, jsonb, pgTable, primaryKey, real, text, uuid } from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow, tstz } from "./columns";
import { severityEnum } from "./enums";
import { awsAccounts } from "./organization";
import { collectionRuns } from "./collection";

/** What a responder reads beyond the columns: resource, action, principal, attack sequence. */
export type GuardDutyFindingDetails = {
  resource?: { type?: string; id?: string; arn?: string; tags?: Record<string, string> };
  action?: Record<string, string | number | undefined>;
  userName?: string;
  userType?: string;
  sequence?: {
    uid: string;
    description: string;
    signals: {
      uid: string;
      type: string;
      name: string;
      description?: string;
      firstSeenAt?: string;
      lastSeenAt?: string;
      severity?: number;
      count?: number;
      resourceUids: string[];
      actorIds: string[];
      endpointIds: string[];
    }[];
    actors: { id: string; userName?: string; userType?: string; credentialUid?: string; mfa?: string }[];
    endpoints: { id: string; ip?: string; domain?: string; country?: string; city?: string; asn?: string }[];
    resources: { uid: string; name?: string; type?: string; accountId?: string; region?: string }[];
    indicators: { key: string; values: string[] }[];
  };
  [key: string]: unknown;
};

/** GuardDuty findings as reported, keyed by AWS's own id; append-mostly, partitionable by last_seen_at. */
export const guarddutyFindings = pgTable(
  "guardduty_findings",
  {
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    region: text().notNull(),
    id: text().notNull(),
    arn: text(),
    detectorId: text().notNull(),
    type: text().notNull(),
    title: text().notNull(),
    description: text(),
    /** GuardDuty's numeric severity (1.0–10.0) and our label for it. */
    severity: real().notNull(),
    severityLabel: severityEnum().notNull(),
    resourceType: text(),
    resourceId: text(),
    resourceArn: text(),
    accessKeyId: text(),
    principalId: text(),
    remoteIp: text(),
    /** The Extended Threat Detection sequence this finding describes (AttackSequence:* types). */
    sequenceUid: text(),
    count: integer().notNull().default(1),
    archived: boolean().notNull().default(false),
    firstSeenAt: tstz().notNull(),
    lastSeenAt: tstz().notNull(),
    /** GuardDuty's own CreatedAt/UpdatedAt: a re-read finding updates only when GuardDuty changed it. */
    awsCreatedAt: tstz(),
    awsUpdatedAt: tstz(),
    details: jsonb().$type<GuardDutyFindingDetails>().notNull().default({}),
    /** The finding as GetFindings returned it. */
    raw: jsonb().$type<unknown>(),
    collectedAt: stampedNow(),
    lastRunId: uuid().references(() => collectionRuns.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.region, t.id] }),
    index().on(t.lastSeenAt.desc()),
    index().on(t.severityLabel, t.archived),
    index().on(t.type),
    index().on(t.accessKeyId),
  ],
);

/** One account × region's GuardDuty coverage at its last successful read. */
export const guarddutyCoverage = pgTable(
  "guardduty_coverage",
  {
    accountId: awsAccountId()
      .notNull()
      .references(() => awsAccounts.id, { onDelete: "cascade" }),
    region: text().notNull(),
    /** Null: no detector in this region. */
    detectorId: text(),
    /** ENABLED, DISABLED, or NONE without a detector. */
    status: text().notNull(),
    features: jsonb().$type<{ name: string; status: string; additional?: { name: string; status: string }[] }[]>(),
    malwareProtectionPlans: integer(),
    administratorAccountId: awsAccountId(),
    administratorRelationship: text(),
    /** Read in the management account: the organization's delegated administrators here. */
    delegatedAdministrators: jsonb().$type<string[]>(),
    /** own, delegated or no-detector: how this region's findings were last read. */
    findingsMode: text(),
    /** Start of the last successful findings read from this detector: the next read's updatedAt bound. */
    findingsReadAt: tstz(),
    checkedAt: tstz().notNull(),
    lastRunId: uuid().references(() => collectionRuns.id, { onDelete: "set null" }),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.region] })],
);
