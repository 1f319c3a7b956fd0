import path from "node:path";
import { defineConfig } from "drizzle-kit";

// DRIZZLE_OUT lets the schema/migration agreement test generate into a scratch copy; drizzle-kit
// only accepts paths relative to the project.
const out = process.env.DRIZZLE_OUT ? path.relative(process.cwd(), process.env.DRIZZLE_OUT) : "./drizzle";

export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema/index.ts",
  out,
  casing: "snake_case",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/posture" },
});
