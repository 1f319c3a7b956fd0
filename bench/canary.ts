import { canaryLookStart } from "@/lib/activity/canary";
import { LOOKUP_EVENTS_RATE } from "@/lib/aws/cloudtrail/lookup";
import { SendPacer } from "@/lib/aws/pacer";
import { seededRng } from "@/lib/random";

// The canary job on a simulated clock: 50 accounts × 17 regions, one canary per account, the real
// SendPacer (2 calls/s per account × region), AWS's bucket for LookupEvents, and CloudTrail's
// delivery delay (an event is visible 1–5 min after the call). Figures: bench/README.md.

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ACCOUNTS = arg("accounts", 50);
const REGIONS = arg("regions", 17);
const CANARIES_PER_ACCOUNT = arg("canaries", 1);
const INTERVAL_MS = arg("interval-min", 5) * 60_000;
const HOURS = arg("hours", 6);
const USES = arg("uses", 400);
const SEED = arg("seed", 20);
const ACCOUNT_CONCURRENCY = 8; // the job's mapLimited over accounts
const rand = seededRng(SEED);

// Virtual time: the pacer's timers run on a heap, not the wall clock.
let now = 0;
type Timer = { at: number; seq: number; fn: () => void; off: boolean };
const heap: Timer[] = [];
let seq = 0;
const push = (t: Timer) => {
  heap.push(t);
  for (let i = heap.length - 1; i > 0;) {
    const p = (i - 1) >> 1;
    if (before(heap[p]!, heap[i]!)) break;
    [heap[p], heap[i]] = [heap[i]!, heap[p]!];
    i = p;
  }
};
const before = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
const pop = (): Timer | undefined => {
  const top = heap[0];
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      [heap[m], heap[i]] = [heap[i]!, heap[m]!];
      i = m;
    }
  }
  return top;
};
const realImmediate = setImmediate;
globalThis.setTimeout = ((fn: () => void, ms = 0) => {
  const t = { at: now + Math.max(0, ms), seq: seq++, fn, off: false };
  push(t);
  return t;
}) as unknown as typeof setTimeout;
globalThis.clearTimeout = ((t?: Timer) => {
  if (t) t.off = true;
}) as unknown as typeof clearTimeout;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const settle = () => new Promise<void>((r) => realImmediate(r));

async function runUntil(end: number) {
  for (;;) {
    await settle();
    const t = heap[0];
    if (!t || t.at > end) return void (now = end);
    pop();
    if (t.off) continue;
    now = t.at;
    t.fn();
  }
}

// The story: canary uses at random times, accounts and regions, visible 1–5 minutes later.
type Use = { account: number; region: number; canary: number; at: number; visible: number; found?: number };
const spanMs = HOURS * 3_600_000;
const uses: Use[] = Array.from({ length: USES }, () => {
  const at = INTERVAL_MS + rand() * (spanMs - 2 * INTERVAL_MS);
  return {
    account: Math.floor(rand() * ACCOUNTS),
    region: Math.floor(rand() * REGIONS),
    canary: Math.floor(rand() * CANARIES_PER_ACCOUNT),
    at,
    visible: at + 60_000 + rand() * 240_000,
  };
});
const byLane = new Map<string, Use[]>();
for (const u of uses) {
  const k = `${u.account}/${u.region}/${u.canary}`;
  byLane.set(k, [...(byLane.get(k) ?? []), u]);
}

// AWS's side: a bucket of 2 calls, refilled at 2 a second, per account × region.
const buckets = new Map<string, { tokens: number; at: number }>();
let calls = 0;
let throttled = 0;
function awsAccepts(lane: string): boolean {
  const b = buckets.get(lane) ?? { tokens: LOOKUP_EVENTS_RATE, at: now };
  b.tokens = Math.min(LOOKUP_EVENTS_RATE, b.tokens + ((now - b.at) / 1000) * LOOKUP_EVENTS_RATE);
  b.at = now;
  buckets.set(lane, b);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

const pacers = new Map<string, SendPacer>();
const pacerOf = (lane: string) => {
  let p = pacers.get(lane);
  if (!p) pacers.set(lane, (p = new SendPacer({ maxRate: LOOKUP_EVENTS_RATE, catchUp: 0, now: () => now })));
  return p;
};
const checkedUntil = new Map<string, number>();

async function lookup(account: number, region: number, canary: number, end: number) {
  const lane = `${account}/${region}`;
  const key = `${lane}/${canary}`;
  const start = canaryLookStart(
    { checkedUntil: checkedUntil.has(key) ? new Date(checkedUntil.get(key)!) : null, createdAt: new Date(0) },
    new Date(end),
  ).getTime();
  for (;;) {
    const slot = pacerOf(lane).acquire();
    if (slot) await slot;
    calls += 1;
    await sleep(150 + rand() * 250);
    const ok = awsAccepts(lane);
    pacerOf(lane).record(!ok);
    if (!ok) {
      throttled += 1;
      await sleep(250 * rand());
      continue;
    }
    for (const u of byLane.get(key) ?? [])
      if (u.found === undefined && u.visible <= now && u.at >= start && u.at < end) u.found = now;
    return;
  }
}

async function cycle(start: number) {
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => i);
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const a = accounts[next++]!;
      await Promise.all(
        Array.from({ length: REGIONS }, async (_, r) => {
          for (let c = 0; c < CANARIES_PER_ACCOUNT; c++) await lookup(a, r, c, start);
        }),
      );
      for (let c = 0; c < CANARIES_PER_ACCOUNT; c++) checkedUntil.set(`${a}/${c}`, start);
    }
  };
  await Promise.all(Array.from({ length: ACCOUNT_CONCURRENCY }, worker));
  return now - start;
}

const cycles = Math.floor(spanMs / INTERVAL_MS);
const durations: number[] = [];
for (let k = 0; k <= cycles; k++) {
  const start = k * INTERVAL_MS;
  await runUntil(start);
  let done: number | undefined;
  void cycle(start).then((d) => (done = d));
  while (done === undefined) await runUntil(now + 1_000);
  durations.push(done);
}
// Per-canary windows are per account: checkedUntil is shared by the account's regions, as in the job.
const latencies = uses
  .filter((u) => u.found !== undefined)
  .map((u) => (u.found! - u.visible) / 1000)
  .sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const missed = uses.filter((u) => u.found === undefined && u.visible < cycles * INTERVAL_MS - INTERVAL_MS).length;
const callsPerCycle = Math.round(calls / (cycles + 1));
const goalP95 = INTERVAL_MS / 1000 + 30;
const result = {
  bench: "canary",
  seed: SEED,
  accounts: ACCOUNTS,
  regions: REGIONS,
  canariesPerAccount: CANARIES_PER_ACCOUNT,
  intervalSeconds: INTERVAL_MS / 1000,
  simulatedHours: HOURS,
  uses: USES,
  found: latencies.length,
  missed,
  visibleToFindingSeconds: {
    p50: Math.round(pct(50)),
    p95: Math.round(pct(95)),
    max: Math.round(latencies.at(-1) ?? NaN),
  },
  goalP95Seconds: goalP95,
  lookupCallsPerCycle: callsPerCycle,
  lookupCallsPerDay: Math.round(callsPerCycle * (86_400_000 / INTERVAL_MS)),
  throttledCalls: throttled,
  cycleSeconds: {
    p50: Math.round(durations.sort((a, b) => a - b)[Math.floor(durations.length / 2)]!) / 1000,
    max: Math.round(Math.max(...durations)) / 1000,
  },
};
console.log(
  `${ACCOUNTS} accounts × ${REGIONS} regions, ${CANARIES_PER_ACCOUNT} canary each, every ${INTERVAL_MS / 60_000} min, ${HOURS} h simulated`,
);
console.log(
  `event visible → finding: p50 ${result.visibleToFindingSeconds.p50} s, p95 ${result.visibleToFindingSeconds.p95} s (goal p95 ≤ ${goalP95} s: ${result.visibleToFindingSeconds.p95 <= goalP95 ? "met" : "MISSED"}); found ${latencies.length}/${USES}, missed ${missed}`,
);
console.log(
  `LookupEvents: ${callsPerCycle} calls per cycle, ${result.lookupCallsPerDay} per day; throttled ${throttled} (goal 0); cycle takes ${result.cycleSeconds.p50} s (max ${result.cycleSeconds.max} s)`,
);
console.log(JSON.stringify(result));
