import pg from "pg";
import type PgBoss from "pg-boss";
import { log } from "@/lib/log";

/**
 * Workers poll their queues every couple of seconds. New jobs are also announced on this Postgres
 * channel, so idle workers fetch at once: "collect now" starts without waiting for a poll, and a
 * run's account jobs are all taken within milliseconds of discovery instead of over the polling interval.
 */
export const JOBS_CHANNEL = "posture_jobs";

/** Announces new jobs on `queue`. Best effort: a lost announcement only means the next poll finds them. */
export async function announceJobs(boss: PgBoss, queue: string): Promise<void> {
  try {
    await boss.getDb().executeSql("select pg_notify($1, $2)", [JOBS_CHANNEL, queue]);
  } catch (err) {
    log.warn("could not announce new jobs; workers will find them at their next poll", { queue, err });
  }
}

export type JobListener = { stop: () => Promise<void> };

/** Closes a listener connection; a late socket error on it must not become an uncaught 'error' event. */
function retire(c: pg.Client | undefined): Promise<void> {
  if (!c) return Promise.resolve();
  c.removeAllListeners();
  c.on("error", () => {});
  return c.end().catch(() => {});
}

/**
 * Listens for announcements on one dedicated connection and calls `onJobs(queue)` for each. The
 * connection is re-opened after a failure (polling covers the gap), so a database restart does not
 * leave the worker deaf.
 */
export function listenForJobs(
  url: string,
  onJobs: (queue: string) => void,
  opts: { retryMs?: number } = {},
): JobListener {
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const retryMs = opts.retryMs ?? 5_000;

  const reconnect = (err: unknown) => {
    if (stopped) return;
    log.warn("job announcements lost; listening again soon (workers still poll)", { err, retryMs });
    void retire(client);
    client = undefined;
    timer = setTimeout(() => void connect(), retryMs);
    timer.unref();
  };

  async function connect() {
    const c = new pg.Client({ connectionString: url, application_name: "posture-jobs-listener" });
    client = c;
    c.on("error", reconnect);
    c.on("notification", (n) => {
      if (n.channel === JOBS_CHANNEL && n.payload) onJobs(n.payload);
    });
    try {
      await c.connect();
      await c.query(`listen ${JOBS_CHANNEL}`);
    } catch (err) {
      if (client === c) reconnect(err);
    }
  }

  void connect();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      if (c) await retire(c);
    },
  };
}
