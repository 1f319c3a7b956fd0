import { jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { stampedNow } from "./columns";
import { users } from "./auth";

/** Organization settings edited by admins (unused regions, log-archive bucket, …), validated by zod in lib/settings. */
export const settings = pgTable("settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: stampedNow(),
  updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
});
