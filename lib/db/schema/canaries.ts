import { index, jsonb, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { awsAccountId, stampedNow, tstz } from "./columns";
import { canaryStatusEnum } from "./enums";

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
    /** Account owning the decoy IAM user (may be a dedicated account outside the organization). */
    ownerAccountId: awsAccountId(),
    iamUserName: text(),
    status: canaryStatusEnum().notNull().default("active"),
    createdAt: stampedNow(),
    lastEventAt: tstz(),
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
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    collectedAt: stampedNow(),
  },
  (t) => [index().on(t.canaryKeyId, t.eventTime.desc()), index().on(t.eventTime.desc())],
);
