import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleServerEntry } from "../../scripts/lib/bundle";
import type { FromWorker, ToWorker, WorkerConfig, WorkerReport } from "./worker-process";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Where the workers' bundle is written (gitignored), as `npm run worker` writes its own. */
const BUNDLE = path.join(HERE, "../../.build/bench-worker.mjs");
const READY_TIMEOUT_MS = 180_000;

export type WorkerPool = {
  ready: { index: number; pid: number; rssMb: number }[];
  /** A worker that died after it was ready (the run cannot be measured then). */
  failure: () => string | undefined;
  start: () => void;
  report: () => Promise<WorkerReport[]>;
  stop: () => Promise<void>;
};

/**
 * Starts `count` bench worker processes (bench/lib/worker-process.ts) and waits until each listens to
 * the queue. Like `npm run worker`, they run a bundle of their code with plain node, not tsx.
 * `nodeFlags`: the workers' node flags, as `npm run worker` gives them (plus any the bench was asked for, e.g. --cpu-prof).
 */
export async function startWorkerPool(
  count: number,
  config: Omit<WorkerConfig, "index">,
  nodeFlags: readonly string[],
): Promise<WorkerPool> {
  await bundleServerEntry(path.join(HERE, "worker-process.ts"), BUNDLE);
  const children: ChildProcess[] = [];
  let failure: string | undefined;
  let stopping = false;
  const ready = await Promise.all(
    Array.from({ length: count }, (_, index) => {
      const child = fork(BUNDLE, [JSON.stringify({ ...config, index } satisfies WorkerConfig)], {
        execArgv: [...nodeFlags],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      children.push(child);
      // A send to a worker that has died emits 'error' on the child; the exit handler reports it.
      child.on("error", () => {});
      child.on("exit", (code, signal) => {
        if (!stopping) failure ??= `worker ${index} (pid ${child.pid}) exited with ${signal ?? `code ${code}`}`;
      });
      return new Promise<{ index: number; pid: number; rssMb: number }>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`worker ${index} not ready after ${READY_TIMEOUT_MS / 1000} s`)),
          READY_TIMEOUT_MS,
        );
        child.on("message", (m: FromWorker) => {
          if (m.type === "ready") {
            clearTimeout(timer);
            resolve({ index: m.index, pid: m.pid, rssMb: m.rssMb });
          } else if (m.type === "failed") {
            clearTimeout(timer);
            reject(new Error(`worker ${index} failed to start: ${m.message}`));
          }
        });
        child.on("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`worker ${index} exited with code ${code} before it was ready`));
        });
      });
    }),
  ).catch((err: unknown) => {
    stopping = true;
    for (const c of children) c.kill();
    throw err;
  });
  const alive = (child: ChildProcess) => child.connected && child.exitCode === null && child.signalCode === null;
  const send = (child: ChildProcess, m: ToWorker) => alive(child) && child.send(m);
  return {
    ready,
    failure: () => failure,
    start: () => children.forEach((c) => send(c, { type: "start" })),
    // Only living workers can report; a dead one is already the run's failure.
    report: () =>
      Promise.all(
        children.filter(alive).map(
          (child) =>
            new Promise<WorkerReport>((resolve, reject) => {
              const onMessage = (m: FromWorker) => {
                if (m.type !== "report") return;
                child.off("message", onMessage);
                resolve(m.report);
              };
              child.on("message", onMessage);
              child.once("exit", () => reject(new Error(`worker pid ${child.pid} exited before reporting`)));
              send(child, { type: "report" });
            }),
        ),
      ),
    stop: async () => {
      stopping = true;
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
              child.once("exit", () => {
                clearTimeout(timer);
                resolve();
              });
              send(child, { type: "stop" });
            }),
        ),
      );
    },
  };
}
