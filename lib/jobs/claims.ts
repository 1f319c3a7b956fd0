import type PgBoss from "pg-boss";
import { log } from "@/lib/log";

/**
 * A worker's claim on the jobs it is running, kept alive by a heartbeat. pg-boss 10 expires an active
 * job once `started_on + expire_in` has passed, and stops a handler in-process after `expire_in` (read
 * at fetch). So `expire_in` stays long, and each beat moves `started_on` until the expiry is `timeoutMs` away.
 */
export class JobClaims {
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly renew: (jobIds: string[]) => Promise<unknown>,
    readonly everyMs: number,
  ) {}

  static forQueue(boss: PgBoss, queue: string, timeoutMs: number): JobClaims {
    return new JobClaims((ids) => renewClaims(boss, queue, ids, timeoutMs), claimBeatEveryMs(timeoutMs));
  }

  /** Holds `jobId`, renewed at once: until then the job's expiry is its whole `expire_in`. */
  async hold(jobId: string): Promise<() => void> {
    this.held.add(jobId);
    this.timer ??= setInterval(() => this.beat(), this.everyMs);
    this.timer.unref();
    await this.renew([jobId]).catch((err: unknown) => log.warn("could not renew a job claim", { jobId, err }));
    return () => {
      this.held.delete(jobId);
      if (this.held.size === 0) this.stop();
    };
  }

  jobs(): string[] {
    return [...this.held];
  }

  private beat(): void {
    const ids = this.jobs();
    if (ids.length === 0) return;
    this.renew(ids).catch((err: unknown) => log.warn("could not renew job claims", { jobIds: ids, err }));
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Four beats per timeout: three can be lost (a slow database, a long pause) before a live claim expires. */
export const claimBeatEveryMs = (timeoutMs: number) => Math.max(500, Math.floor(timeoutMs / 4));

/** How often pg-boss's maintenance looks for expired claims: a dead worker's jobs wait at most this past expiry. */
export const expiryCheckSeconds = (timeoutMs: number) => Math.max(1, Math.min(60, Math.round(timeoutMs / 8_000)));

/** Moves each active job's expiry to `timeoutMs` from now. Answers how many jobs it renewed. */
export async function renewClaims(boss: PgBoss, queue: string, jobIds: string[], timeoutMs: number): Promise<number> {
  if (jobIds.length === 0) return 0;
  const result = (await boss
    .getDb()
    .executeSql(
      "update pgboss.job set started_on = now() + $3::int * interval '1 millisecond' - expire_in " +
        "where name = $1 and id = any($2::uuid[]) and state = 'active'",
      [queue, jobIds, timeoutMs],
    )) as { rowCount?: number };
  return result.rowCount ?? 0;
}

/**
 * Lets lapse the claims no worker ever renewed: jobs fetched over `timeoutMs` ago whose expiry is still further
 * than a renewal puts it. Their worker died between fetching them and its first renewal (a live holder renews at
 * once, then every quarter timeout); without this they would wait out their whole `expire_in`.
 */
export async function releaseUnrenewedClaims(boss: PgBoss, queue: string, timeoutMs: number): Promise<number> {
  const result = (await boss
    .getDb()
    .executeSql(
      "update pgboss.job set started_on = now() - expire_in where name = $1 and state = 'active' " +
        "and started_on < now() - $2::int * interval '1 millisecond' " +
        "and started_on + expire_in > now() + $2::int * interval '1 millisecond'",
      [queue, timeoutMs],
    )) as { rowCount?: number };
  return result.rowCount ?? 0;
}
