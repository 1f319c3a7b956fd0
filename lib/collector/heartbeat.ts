import "server-only";
import { setMaxListeners } from "node:events";
import { listClosedRuns, touchRuns } from "@/lib/db/queries/collection";
import type { Db } from "@/lib/db/types";
import { log } from "@/lib/log";

type Held = { count: number; closed: AbortController };

/** Every account and unit of a run listens to its signal: more than Node's default of 10 is expected. */
function unboundedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/**
 * Touches every run this process holds an account of, every `everyMs`: one account can legitimately outlast
 * the stuck threshold, and a run must be marked stuck only when no process is working on it. Every
 * `watchEveryMs` it also asks whether a held run was closed (cancelled, abandoned), and aborts its signal.
 */
export class RunHeartbeats {
  private readonly held = new Map<string, Held>();
  private timer: NodeJS.Timeout | undefined;
  private watcher: NodeJS.Timeout | undefined;

  constructor(
    /** Touches the runs; answers those still open (or nothing, when it cannot tell). */
    private readonly touch: (runIds: string[]) => Promise<string[] | void>,
    readonly everyMs: number,
    private readonly closed?: (runIds: string[]) => Promise<string[]>,
    readonly watchEveryMs = 2_000,
  ) {}

  static forDatabase(db: Db, everyMs: number): RunHeartbeats {
    return new RunHeartbeats(
      (runIds) => touchRuns(db, runIds),
      everyMs,
      (runIds) => listClosedRuns(db, runIds),
    );
  }

  /** Keeps `runId` alive until the returned release is called (once per hold). */
  hold(runId: string): () => void {
    const held = this.held.get(runId) ?? { count: 0, closed: unboundedController() };
    held.count += 1;
    this.held.set(runId, held);
    if (!this.timer) {
      this.timer = setInterval(() => this.beat(), this.everyMs);
      this.timer.unref();
    }
    if (!this.watcher && this.closed) {
      this.watcher = setInterval(() => this.watch(), this.watchEveryMs);
      this.watcher.unref();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held.count -= 1;
      if (held.count <= 0 && this.held.get(runId) === held) this.held.delete(runId);
      if (this.held.size === 0) this.stop();
    };
  }

  /** Aborted once the held run is found closed by someone else: its accounts stop at their next call. */
  signal(runId: string): AbortSignal {
    return this.held.get(runId)?.closed.signal ?? new AbortController().signal;
  }

  /** The runs held right now. */
  runs(): string[] {
    return [...this.held.keys()];
  }

  private abortClosed(runIds: string[]): void {
    for (const id of runIds) {
      const held = this.held.get(id);
      if (held && !held.closed.signal.aborted) {
        log.info("run closed while collecting; stopping its accounts", { runId: id });
        held.closed.abort();
      }
    }
  }

  private beat(): void {
    const runIds = this.runs();
    if (runIds.length === 0) return;
    this.touch(runIds)
      .then((open) => open && this.abortClosed(runIds.filter((id) => !open.includes(id))))
      .catch((err: unknown) => log.warn("could not touch the heartbeat of runs in progress", { runIds, err }));
  }

  private watch(): void {
    const runIds = this.runs();
    if (runIds.length === 0 || !this.closed) return;
    this.closed(runIds)
      .then((closed) => this.abortClosed(closed))
      .catch((err: unknown) => log.warn("could not check whether runs in progress were closed", { runIds, err }));
  }

  stop(): void {
    clearInterval(this.timer);
    clearInterval(this.watcher);
    this.timer = undefined;
    this.watcher = undefined;
  }
}

/**
 * Often enough that a run is touched several times within the stuck threshold and the claim timeout
 * (a silent run with no job left is given up after one claim timeout); at least every minute.
 */
export const heartbeatEveryMs = (stuckAfterMs: number, claimTimeoutMs = Infinity) =>
  Math.max(1_000, Math.min(60_000, Math.floor(stuckAfterMs / 3), Math.floor(claimTimeoutMs / 4)));
