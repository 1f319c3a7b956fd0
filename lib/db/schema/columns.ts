import { timestamp, varchar } from "drizzle-orm/pg-core";

/** Every timestamp is stored with its time zone. */
export const tstz = () => timestamp({ withTimezone: true, mode: "date" });
export const stampedNow = () => tstz().notNull().defaultNow();
/** AWS account ids are 12 digits; kept as text so leading zeros survive. */
export const awsAccountId = () => varchar({ length: 12 });
