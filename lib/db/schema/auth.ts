import { boolean, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { stampedNow, tstz } from "./columns";
import { roleEnum, roleSourceEnum, scopeKindEnum } from "./enums";

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Stored lower-cased. */
    email: text().notNull(),
    name: text(),
    /** Null role: signed in, but sees no data until an admin or an IdP group grants one. */
    role: roleEnum(),
    roleSource: roleSourceEnum(),
    /** Only for the embedded-mode local admin: a scrypt hash, never a password. */
    passwordHash: text(),
    /** The password is the one printed at first start: it must be replaced at the first sign-in. */
    passwordOneTime: boolean().notNull().default(false),
    disabledAt: tstz(),
    createdAt: stampedNow(),
    lastLoginAt: tstz(),
  },
  (t) => [uniqueIndex().on(t.email)],
);

/** A user's identity at an OpenID Connect provider (issuer + subject). */
export const userIdentities = pgTable(
  "user_identities",
  {
    provider: text().notNull(),
    subject: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Groups from the last sign-in's claim, for role and team mapping. */
    groups: jsonb().$type<string[]>().notNull().default([]),
    lastLoginAt: tstz(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.subject] }), index().on(t.userId)],
);

/** Server-side sessions. Only a hash of the cookie's token is stored. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: stampedNow(),
    lastSeenAt: stampedNow(),
    /** Absolute expiry; the idle timeout is checked against last_seen_at. */
    expiresAt: tstz().notNull(),
    revokedAt: tstz(),
    revokedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    ip: text(),
    userAgent: text(),
  },
  (t) => [uniqueIndex().on(t.tokenHash), index().on(t.userId)],
);

export const teams = pgTable(
  "teams",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    description: text(),
    /** IdP group whose members join this team at sign-in. */
    idpGroup: text(),
    createdAt: stampedNow(),
  },
  (t) => [uniqueIndex().on(t.name)],
);

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    source: roleSourceEnum().notNull().default("manual"),
    addedAt: stampedNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index().on(t.userId)],
);

/** A team sees the accounts matched by any of its scopes: an account id, an OU (and below) or an environment. */
export const teamScopes = pgTable(
  "team_scopes",
  {
    id: uuid().primaryKey().defaultRandom(),
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    kind: scopeKindEnum().notNull(),
    value: text().notNull(),
  },
  (t) => [uniqueIndex().on(t.teamId, t.kind, t.value)],
);
