import "server-only";
import { touchRuns } from "@/lib/db/queries/collection";
import type { Db } from "@/lib/db/types";
import { log } from "@/lib/log";

/**
 * Touches every run this process holds an account of, every `everyMs`: one account can legitimately outlast
 * the stuck threshold (every wave of its units running to the unit deadline), and a run must be marked
 * stuck only when no process is working on it.
 */
export class RunHeartbeats {
  private readonly held = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly touch: (runIds: string[]) => Promise<unknown>,
    readonly everyMs: number,
  ) {}

  static forDatabase(db: Db, everyMs: number): RunHeartbeats {
    return new RunHeartbeats((runIds) => touchRuns(db, runIds), everyMs);
  }

  /** Keeps `runId` alive until the returned release is called (once per hold). */
  hold(runId: string): () => void {
    this.held.set(runId, (this.held.get(runId) ?? 0) + 1);
    if (!this.timer) {
      this.timer = setInterval(() => this.beat(), this.everyMs);
      this.timer.unref();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(runId) ?? 1) - 1;
      if (left > 0) this.held.set(runId, left);
      else this.held.delete(runId);
      if (this.held.size === 0) this.stop();
    };
  }

  /** The runs held right now. */
  runs(): string[] {
    return [...this.held.keys()];
  }

  private beat(): void {
    const runIds = this.runs();
    if (runIds.length === 0) return;
    this.touch(runIds).catch((err: unknown) =>
      log.warn("could not touch the heartbeat of runs in progress", { runIds, err }),
    );
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Often enough that a run is touched several times within the stuck threshold; at least every minute. */
export const heartbeatEveryMs = (stuckAfterMs: number) =>
  Math.max(1_000, Math.min(60_000, Math.floor(stuckAfterMs / 3)));
