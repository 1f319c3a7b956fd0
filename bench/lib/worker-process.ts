// One bench worker process (IPC to bench/collect.ts): the engine's own queue worker over this process's
// own simulated AWS. An account job runs wholly in one worker, so each account's token bucket lives in
// the simulator of the process that collects it, as AWS's would.
import { createCollectDeps } from "@/lib/collector/deps";
import { startWorkers } from "@/lib/collector/worker";
import { openDatabase } from "@/lib/db/open";
import { startBoss } from "@/lib/jobs/queues";
import type { BenchArgs } from "./args";
import { benchAwsFactory } from "./aws-factory";
import { watchEventLoop, type LoopFigures } from "./event-loop";
import { quietEngineLogs } from "./quiet-logs";
import { RssSampler, type RssFigures } from "./rss";
import type { SimFigures } from "./sim-aws";
import { benchChecks, benchEnv, benchOrg, benchSettings, benchSimulator } from "./workload";

export type WorkerConfig = {
  index: number;
  args: BenchArgs;
  databaseUrl: string;
  accountConcurrency: number;
  /** POSTURE_CLAIM_TIMEOUT_MS for the worker (bench:recovery); the default otherwise. */
  claimTimeoutMs?: number;
};
export type ToWorker = { type: "start" } | { type: "report" } | { type: "stop" };
export type WorkerReport = {
  index: number;
  pid: number;
  sim: SimFigures;
  rss: RssFigures;
  loop: LoopFigures | undefined;
  cpuSeconds: number;
  suppressedLogs: number;
};
export type FromWorker =
  | { type: "ready"; index: number; pid: number; rssMb: number }
  | { type: "report"; report: WorkerReport }
  | { type: "failed"; message: string };

const send = (m: FromWorker) => process.send?.(m);

async function main() {
  const config = JSON.parse(process.argv[2] ?? "null") as WorkerConfig | null;
  if (!config || !process.send) throw new Error("bench worker: start me through bench/collect.ts --workers N");
  const { args } = config;
  const rss = new RssSampler().start(100);
  const org = benchOrg(args);
  const sim = benchSimulator(args, org, args.seed + 1 + config.index);
  const env = benchEnv(
    { ...args, accountConcurrency: config.accountConcurrency },
    {
      DATABASE_URL: config.databaseUrl,
      ...(config.claimTimeoutMs ? { POSTURE_CLAIM_TIMEOUT_MS: String(config.claimTimeoutMs) } : {}),
    },
  );
  const settings = benchSettings(env);
  const quiet = args.verbose ? undefined : quietEngineLogs();
  const handle = await openDatabase({ url: config.databaseUrl, poolMax: env.DATABASE_POOL_MAX, migrate: false });
  const boss = await startBoss(config.databaseUrl);
  const deps = createCollectDeps(handle.db, env, {
    settings,
    aws: benchAwsFactory(settings, sim.handler),
    only: benchChecks(),
  });
  const workers = await startWorkers(deps, boss, { databaseUrl: config.databaseUrl });

  let loop: ReturnType<typeof watchEventLoop> | undefined;
  let cpuAtStart = process.cpuUsage();
  process.on("message", (message: ToWorker) => {
    if (message.type === "start") {
      loop = watchEventLoop();
      cpuAtStart = process.cpuUsage();
    } else if (message.type === "report") {
      const cpu = process.cpuUsage(cpuAtStart);
      send({
        type: "report",
        report: {
          index: config.index,
          pid: process.pid,
          sim: sim.figures(),
          rss: rss.stop(),
          loop: loop?.stop(),
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
          suppressedLogs: quiet?.suppressed() ?? 0,
        },
      });
    } else if (message.type === "stop") {
      void (async () => {
        await workers.stop();
        await boss.stop({ graceful: false, wait: true });
        await handle.close();
        process.exit(0);
      })();
    }
  });
  // The coordinator died: stop rather than keep polling a queue nobody reads.
  process.on("disconnect", () => process.exit(1));
  send({ type: "ready", index: config.index, pid: process.pid, rssMb: process.memoryUsage().rss / 2 ** 20 });
}

main().catch((err: unknown) => {
  send({ type: "failed", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
