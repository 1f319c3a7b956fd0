import pg from "pg";

// Asked by the proxy before a page renders: a page that met a database that is down would end in a 500.
// A pool of one connection of its own, apart from the app's; concurrent page loads share one probe.

const pools = new Map<string, pg.Pool>();
let probe: Promise<boolean> | undefined;
let reachableUntil = 0;

/** How long a successful probe is trusted: the window in which a page may still meet the outage itself. */
export const REACHABLE_FOR_MS = 200;

function poolFor(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: url,
      max: 1,
      connectionTimeoutMillis: 2_000,
      query_timeout: 2_000,
      application_name: "posture-probe",
    });
    // A restart ends the idle connection: the pool drops it and connects again at the next probe.
    pool.on("error", () => {});
    pools.set(url, pool);
  }
  return pool;
}

/** Whether PostgreSQL at `url` answers a query now (or did within the last REACHABLE_FOR_MS). */
export function isDatabaseReachable(url: string): Promise<boolean> {
  if (Date.now() < reachableUntil) return Promise.resolve(true);
  probe ??= poolFor(url)
    .query("select 1")
    .then(
      () => {
        reachableUntil = Date.now() + REACHABLE_FOR_MS;
        return true;
      },
      () => false,
    )
    .finally(() => {
      probe = undefined;
    });
  return probe;
}
