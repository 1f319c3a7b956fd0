import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

/** Both drivers (node-postgres and PGlite) as the one Postgres dialect every query function takes. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseMode = "postgres" | "embedded";
