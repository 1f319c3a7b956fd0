import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** One fresh Postgres database for the integration run; dropped when the run ends. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase("posture_it");
  project.provide("databaseUrl", database.url);
  return async () => {
    await database.drop();
  };
}
