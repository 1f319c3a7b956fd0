import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { ADMIN_URL, createTestDatabase } from "../../test/postgres";

export type BenchDatabase = DatabaseHandle & {
  description: string;
  url: string | undefined;
  dispose: () => Promise<void>;
};

/**
 * A fresh Postgres database on the local server (production mode), created for this run and dropped
 * after; PGlite in memory when Postgres is unreachable or when asked for.
 */
export async function openBenchDatabase(kind: "auto" | "postgres" | "pglite", poolMax: number): Promise<BenchDatabase> {
  if (kind !== "pglite") {
    try {
      const created = await createTestDatabase("posture_bench");
      try {
        const handle = await openDatabase({ url: created.url, poolMax });
        return {
          ...handle,
          description: `postgres ${new URL(created.url).host}/${created.name} (pool ${poolMax} per process, dropped after)`,
          url: created.url,
          dispose: async () => {
            await handle.close();
            await created.drop();
          },
        };
      } catch (err) {
        await created.drop().catch(() => {});
        throw err;
      }
    } catch (err) {
      if (kind === "postgres") throw err;
      console.log(
        `postgres unreachable at ${ADMIN_URL} (${err instanceof Error ? err.message : String(err)}); using in-memory PGlite`,
      );
    }
  }
  const handle = await openDatabase({ dataDir: "memory://" });
  return { ...handle, description: "pglite memory://", url: undefined, dispose: () => handle.close() };
}
