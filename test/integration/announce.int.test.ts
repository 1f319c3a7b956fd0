import pg from "pg";
import type PgBoss from "pg-boss";
import { until } from "../until";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { announceJobs, listenForJobs, type JobListener } from "@/lib/jobs/announce";
import { startBoss } from "@/lib/jobs/queues";

let boss: PgBoss;
beforeAll(async () => {
  boss = await startBoss(inject("databaseUrl"));
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
});

/** Announcements arrive within milliseconds: poll often, and not for long. */
const quickly = { timeoutMs: 10_000, everyMs: 20 };

async function listenerBackends(): Promise<number[]> {
  const c = new pg.Client({ connectionString: inject("databaseUrl") });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>(
      "select pid from pg_stat_activity where application_name = 'posture-jobs-listener' and datname = current_database()",
    );
    return rows.map((r) => r.pid);
  } finally {
    await c.end();
  }
}

describe("job announcements (LISTEN/NOTIFY)", () => {
  it("reach a listening worker with the queue's name, and listen again after the connection is killed", async () => {
    const heard: string[] = [];
    let listener: JobListener | undefined;
    try {
      listener = listenForJobs(inject("databaseUrl"), (queue) => heard.push(queue), { retryMs: 100 });
      const [pid] = await until(async () => {
        const pids = await listenerBackends();
        return pids.length === 1 && pids;
      }, quickly);
      // LISTEN runs right after connecting; announce until it is heard rather than guessing when it took effect.
      await until(async () => {
        await announceJobs(boss, "collect-account");
        return heard.includes("collect-account");
      }, quickly);

      const admin = new pg.Client({ connectionString: inject("databaseUrl") });
      await admin.connect();
      await admin.query("select pg_terminate_backend($1)", [pid]);
      await admin.end();
      const [again] = await until(async () => {
        const pids = await listenerBackends();
        return pids.length === 1 && pids[0] !== pid && pids;
      }, quickly);
      expect(again).not.toBe(pid);
      heard.length = 0;
      await until(async () => {
        await announceJobs(boss, "collect-run");
        return heard.includes("collect-run");
      }, quickly);
      expect(new Set(heard)).toEqual(new Set(["collect-run"]));
    } finally {
      await listener?.stop();
    }
    expect(await until(async () => (await listenerBackends()).length === 0, quickly)).toBe(true);
  });
});
