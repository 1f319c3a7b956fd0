import { boolean, index, integer, jsonb, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow, tstz } from "./columns";
import { canaryStatusEnum, environmentEnum } from "./enums";

/**
 * Planted decoy access keys. Only the public access key id is kept: the secret half is handed to
 * whoever plants the key and never stored, so a database leak cannot arm a canary.
 */
export const canaryKeys = pgTable(
  "canary_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    accessKeyId: varchar({ length: 20 }).notNull(),
    label: text().notNull(),
    /** Where the key was planted, e.g. "CI .env on build-runner-3". */
    plantedIn: text(),
    /** The system, repository and environment it was planted in (coverage by environment). */
    system: text(),
    repository: text(),
    environment: environmentEnum(),
    /** Who to tell when it trips (a person or a team). */
    owner: text(),
    /** Account owning the decoy IAM user (may be a dedicated account outside the organization). */
    ownerAccountId: awsAccountId(),
    iamUserName: text(),
    status: canaryStatusEnum().notNull().default("active"),
    createdAt: stampedNow(),
    lastEventAt: tstz(),
    /** The canary job's last look: CloudTrail was read up to `checkedUntil`; `checkError` says why not. */
    lastCheckedAt: tstz(),
    checkedUntil: tstz(),
    checkError: text(),
  },
  (t) => [index().on(t.accessKeyId)],
);

/** CloudTrail events made with a canary key, keyed by CloudTrail's EventId. */
export const canaryEvents = pgTable(
  "canary_events",
  {
    id: text().primaryKey(),
    canaryKeyId: uuid()
      .notNull()
      .references(() => canaryKeys.id, { onDelete: "cascade" }),
    eventTime: tstz().notNull(),
    eventName: text().notNull(),
    eventSource: text().notNull(),
    awsRegion: text(),
    sourceIp: text(),
    userAgent: text(),
    errorCode: text(),
    recipientAccountId: awsAccountId(),
    /** A known secret scanner's verification call (its name), labelled for triage and still a trip. */
    scanner: text(),
    /** cloudtrail (LookupEvents) or credential-report (the posture run's safety net). */
    source: text().notNull().default("cloudtrail"),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    collectedAt: stampedNow(),
  },
  (t) => [index().on(t.canaryKeyId, t.eventTime.desc()), index().on(t.eventTime.desc())],
);

/** Management events read from CloudTrail for investigations and the risky-activity watch, by EventId. */
export const cloudtrailEvents = pgTable(
  "cloudtrail_events",
  {
    id: text().primaryKey(),
    accountId: awsAccountId().notNull(),
    region: text().notNull(),
    eventTime: tstz().notNull(),
    eventName: text().notNull(),
    eventSource: text().notNull(),
    userName: text(),
    accessKeyId: text(),
    principalArn: text(),
    principalType: text(),
    sourceIp: text(),
    userAgent: text(),
    errorCode: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    collectedAt: stampedNow(),
  },
  (t) => [
    index().on(t.accessKeyId, t.eventTime.desc()),
    index().on(t.userName, t.eventTime.desc()),
    index().on(t.principalArn, t.eventTime.desc()),
    index().on(t.accountId, t.eventTime.desc()),
  ],
);

/** A problem of one account × region in an on-demand lookup: why its events are missing. */
export type LookupProblem = { accountId: string; region: string | null; code: string; message: string };

/**
 * An on-demand CloudTrail lookup of one principal (Username or AccessKeyId) across the accounts its
 * requester may see, run as a job; its progress is polled, and the events it reads land in cloudtrail_events.
 */
export const cloudtrailLookups = pgTable(
  "cloudtrail_lookups",
  {
    id: uuid().primaryKey().defaultRandom(),
    subject: text().notNull(),
    attribute: text().$type<"AccessKeyId" | "Username">().notNull(),
    days: integer().notNull(),
    accountIds: jsonb().$type<string[]>().notNull(),
    requestedBy: uuid(),
    status: text().$type<"queued" | "running" | "done" | "failed">().notNull().default("queued"),
    unitsTotal: integer().notNull().default(0),
    unitsDone: integer().notNull().default(0),
    events: integer().notNull().default(0),
    /** A unit stopped at the page cap: older events of that account × region were not read. */
    capped: boolean().notNull().default(false),
    problems: jsonb().$type<LookupProblem[]>().notNull().default([]),
    createdAt: stampedNow(),
    finishedAt: tstz(),
  },
  (t) => [index().on(t.requestedBy, t.createdAt.desc())],
);
