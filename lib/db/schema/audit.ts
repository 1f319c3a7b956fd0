import { bigint, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { stampedNow } from "./columns";
import { auditOutcomeEnum } from "./enums";
import { users } from "./auth";

/** Every mutation and every sign-in or denied attempt. Append-only. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: stampedNow(),
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** Kept even if the user is later deleted. */
    actorEmail: text(),
    /** Dotted verb, e.g. "finding.suppress", "auth.sign_in", "collection.request". */
    action: text().notNull(),
    outcome: auditOutcomeEnum().notNull(),
    targetType: text(),
    targetId: text(),
    ip: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index().on(t.occurredAt.desc()),
    index().on(t.actorId, t.occurredAt.desc()),
    index().on(t.action, t.occurredAt.desc()),
  ],
);
