// `npm run bench:sdk`: the CPU of bench:collect's main call, layer by layer, with nothing else in the
// process (no database, throttling or checks), to tell the AWS SDK's share of a run's CPU from the
// engine's. What it measures and found: bench/README.md.
import { availableParallelism } from "node:os";
import { Readable } from "node:stream";
import { EC2Client, paginateDescribeSecurityGroups } from "@aws-sdk/client-ec2";
import { HttpResponse, type HttpRequest } from "@smithy/protocol-http";
import { parseArgs } from "node:util";
import { newAccountRetryStrategy, newCallStats } from "@/lib/aws/clients";
import { listSecurityGroups } from "@/lib/aws/ec2/ec2";
import { SendPacer } from "@/lib/aws/pacer";
import { createAwsFactory } from "@/lib/aws/factory";
import { mapLimited } from "@/lib/concurrency";
import { numberFlag, parseBenchArgs } from "./lib/args";
import { accessKeyFor } from "./lib/aws-responses";
import { DEFAULT_REGIONS } from "./lib/org-model";
import { benchBound, benchEnv, benchOrg, benchSettings, benchSimulator } from "./lib/workload";

const GOAL_RATIO = 1.3;

const { values } = parseArgs({
  args: process.argv.slice(2),
  strict: true,
  options: {
    units: { type: "string" },
    concurrency: { type: "string" },
    rounds: { type: "string" },
    "latency-ms": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
const USAGE = `npm run bench:sdk -- [options]
  --units N        units per layer and round, each a fresh client paging through 30 pages (800)
  --concurrency K  units in flight (400: 100 accounts × 4 regions, a full-load worker of bench:collect)
  --rounds N       rounds; the layers take turns in each and the median round counts (3)
  --latency-ms MS  every answer waits this long (60, bench:collect's mean): calls in flight keep their
                   objects alive as they do against AWS; 0 measures the bare pipeline`;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const UNITS = numberFlag("units", values.units, 800, 1, 1_000_000);
const CONCURRENCY = numberFlag("concurrency", values.concurrency, 400, 1, 10_000);
const ROUNDS = numberFlag("rounds", values.rounds, 3, 1, 50);
const LATENCY_MS = numberFlag("latency-ms", values["latency-ms"], 60, 0, 10_000);

// bench:collect's workload at its defaults: its pages, groups per page and answers, its settings.
const collect = parseBenchArgs(["--workers", "0"]);
const PAGES = collect.pages;
const ACCOUNTS = 100;
const settings = benchSettings(benchEnv(collect));
const org = benchOrg(collect);

/**
 * The simulator's own DescribeSecurityGroups pages, asked for once, keyed by the NextToken that asks
 * for each ("" for the first): the handler only wraps a page's bytes in a response.
 */
const pageByToken = await (async () => {
  const sim = benchSimulator({ ...collect, randomThrottleRate: 0, latencyMinMs: 0, latencyMaxMs: 0 }, org, 1);
  const account = org.accountList[1]!;
  const pages = new Map<string, Buffer>();
  let token = "";
  for (let page = 0; page < PAGES; page++) {
    const request = {
      method: "POST",
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyFor(account.id)}/20261204/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: `Action=DescribeSecurityGroups&Version=2016-11-15${token ? `&NextToken=${encodeURIComponent(token)}` : ""}`,
    } as unknown as HttpRequest;
    const { response } = await sim.handler.handle(request);
    const chunks: Buffer[] = [];
    for await (const c of response.body as Readable) chunks.push(Buffer.from(c as Uint8Array));
    const body = Buffer.concat(chunks);
    if (response.statusCode !== 200)
      throw new Error(`bench: the simulator answered page ${page} with ${response.statusCode}: ${body.toString()}`);
    pages.set(token, body);
    token = /<nextToken>([^<]+)<\/nextToken>/.exec(body.toString())?.[1] ?? "";
  }
  return pages;
})();

let answered = 0;
/** Answers, after LATENCY_MS, with the simulator's bytes for the page the request's NextToken asks for. */
const handler = {
  handle: async (request: HttpRequest) => {
    const body = String(request.body ?? "");
    const token = /(?:^|&)NextToken=([^&]*)/.exec(body)?.[1];
    const page = pageByToken.get(token === undefined ? "" : decodeURIComponent(token));
    if (page === undefined) throw new Error(`bench: unexpected request ${body.slice(0, 200)}`);
    answered += 1;
    if (LATENCY_MS > 0) await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    return {
      response: new HttpResponse({
        statusCode: 200,
        headers: { "content-type": "text/xml", "x-amzn-requestid": "bench", "content-length": String(page.length) },
        body: Readable.from([page]),
      }),
    };
  },
  updateHttpClientConfig() {},
  httpHandlerConfigs: () => ({}),
};

const accountId = (u: number) => String(100_000_000_000 + (u % ACCOUNTS)).padStart(12, "0");
const regionOf = (u: number) => DEFAULT_REGIONS[Math.floor(u / ACCOUNTS) % DEFAULT_REGIONS.length]!;
const credentialsOf = (u: number) => ({
  accessKeyId: accessKeyFor(accountId(u)),
  secretAccessKey: `secret-${accountId(u)}`,
  sessionToken: `token-${accountId(u)}`,
});

async function pages(client: EC2Client): Promise<number> {
  let groups = 0;
  for await (const page of paginateDescribeSecurityGroups({ client, pageSize: 1000 }, {}))
    groups += page.SecurityGroups?.length ?? 0;
  return groups;
}

type Layer = { name: string; what: string; unit: (u: number) => Promise<number> };

// The engine's per-account state, as collect-account keeps it: one retry budget and one pacer per account.
const engine = createAwsFactory(settings, { requestHandler: handler });
const perAccount = new Map<string, { retry: ReturnType<typeof newAccountRetryStrategy>; pacer: SendPacer }>();
const accountState = (u: number) => {
  const id = accountId(u);
  let s = perAccount.get(id);
  if (!s) perAccount.set(id, (s = { retry: newAccountRetryStrategy(settings.maxAttempts), pacer: new SendPacer() }));
  return s;
};
/** A unit's EC2 client as collect-account makes it, with the unit's deadline signal its reader passes with every call. */
const engineUnit = (u: number) => {
  const { retry, pacer } = accountState(u);
  const credentials = credentialsOf(u);
  const signal = new AbortController().signal;
  return {
    signal,
    ec2: engine
      .account({ credentials: async () => credentials, stats: newCallStats(), retry, pacer: () => pacer, signal })
      .ec2(regionOf(u)),
  };
};

const layers: Layer[] = [
  {
    name: "sdk",
    what: "the AWS SDK alone: a plain EC2Client (SDK defaults, static credentials) per unit, its paginator",
    unit: (u) =>
      pages(new EC2Client({ region: regionOf(u), credentials: credentialsOf(u), requestHandler: handler as never })),
  },
  {
    name: "engineClients",
    what: "the engine's account clients (createAwsFactory: retry budget, pacer, call counting, reused signers, unit signal), the same paginator",
    unit: (u) => pages(engineUnit(u).ec2),
  },
  {
    name: "engineReader",
    what: "the same clients through the engine's reader (listSecurityGroups: deadline checks, groups mapped to inventory)",
    unit: async (u) => {
      const { ec2, signal } = engineUnit(u);
      return (await listSecurityGroups(ec2, signal)).length;
    },
  },
];

const expectedGroups = [...pageByToken.values()].reduce(
  (n, body) => n + (body.toString().match(/<groupId>/g)?.length ?? 0),
  0,
);

async function measure(layer: Layer): Promise<{ cpuMs: number; calls: number }> {
  const before = answered;
  const cpu = process.cpuUsage();
  const results = await mapLimited(
    Array.from({ length: UNITS }, (_, u) => u),
    CONCURRENCY,
    (u) => layer.unit(u),
  );
  const used = process.cpuUsage(cpu);
  const wrong = results.filter((n) => n !== expectedGroups).length;
  if (wrong > 0)
    throw new Error(`bench: ${wrong} units of layer ${layer.name} did not read all ${expectedGroups} groups`);
  return { cpuMs: (used.user + used.system) / 1000, calls: answered - before };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(
  `bench:sdk — ${UNITS} units × ${PAGES} DescribeSecurityGroups pages per layer and round, ${CONCURRENCY} units in flight, answers after ${LATENCY_MS} ms, ${ROUNDS} rounds, node ${process.version}`,
);
// Warm-up (untimed): every layer's code compiled and optimised before the first timed round.
for (const layer of layers)
  await mapLimited(
    Array.from({ length: Math.min(UNITS, 200) }, (_, u) => u),
    CONCURRENCY,
    (u) => layer.unit(u),
  );

const perCall: Record<string, number[]> = Object.fromEntries(layers.map((l) => [l.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Turns rotate so that no layer always runs first after the previous one's garbage.
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[(i + round) % layers.length]!;
    const m = await measure(layer);
    perCall[layer.name]!.push(m.cpuMs / m.calls);
  }
}

const ms = Object.fromEntries(layers.map((l) => [l.name, median(perCall[l.name]!)])) as Record<string, number>;
for (const layer of layers) {
  console.log(
    `${layer.name.padEnd(14)} ${ms[layer.name]!.toFixed(3)} ms CPU per call (rounds ${perCall[layer.name]!.map((x) => x.toFixed(3)).join(", ")}): ${layer.what}`,
  );
}
console.log(
  `  engine's clients over the SDK alone: ${(ms.engineClients! / ms.sdk!).toFixed(2)}×; its reader adds ${(ms.engineReader! - ms.engineClients!).toFixed(3)} ms a call`,
);

// What that CPU means for bench:collect at its defaults on this machine.
const cpus = availableParallelism();
const minCalls = benchSimulator(collect, org, 1).minimumCalls().total;
const bound = benchBound(collect, org, collect.accountConcurrency).totalSeconds;
const budget = GOAL_RATIO * bound;
const floorOf = (msPerCall: number) => (minCalls * msPerCall) / 1000 / cpus;
console.log(
  `bench:collect at ${collect.accounts} × ${collect.regions} needs at least ${minCalls} calls; its goal (ratio ≤ ${GOAL_RATIO} over the ${bound.toFixed(2)} s bound) leaves ${budget.toFixed(1)} s on ${cpus} CPUs:`,
);
for (const layer of layers) {
  const floor = floorOf(ms[layer.name]!);
  console.log(
    `  ${layer.name.padEnd(14)} alone: ${floor.toFixed(1)} s of those CPUs' time (${((100 * floor) / budget).toFixed(0)}% of the budget), ratio ≥ ${(floor / bound).toFixed(2)} from its CPU alone if every other cost were zero`,
  );
}
console.log(
  `  the rest of a run (the other ${((100 * (budget - floorOf(ms.engineReader!))) / budget).toFixed(0)}%) must hold the checks, the database on both sides, the queue, logs, GC of the run's data and the simulator itself`,
);

console.log(
  JSON.stringify({
    bench: "sdk",
    units: UNITS,
    pages: PAGES,
    concurrency: CONCURRENCY,
    rounds: ROUNDS,
    latencyMs: LATENCY_MS,
    cpus,
    sdkMsPerCall: +ms.sdk!.toFixed(4),
    engineClientsMsPerCall: +ms.engineClients!.toFixed(4),
    engineReaderMsPerCall: +ms.engineReader!.toFixed(4),
    engineOverSdk: +(ms.engineClients! / ms.sdk!).toFixed(3),
    collectMinCalls: minCalls,
    collectBoundSeconds: +bound.toFixed(2),
    collectBudgetSeconds: +budget.toFixed(2),
    sdkFloorSeconds: +floorOf(ms.sdk!).toFixed(2),
    engineFloorSeconds: +floorOf(ms.engineReader!).toFixed(2),
    engineFloorShareOfBudget: +(floorOf(ms.engineReader!) / budget).toFixed(3),
  }),
);
