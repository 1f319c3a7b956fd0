import type { HttpHandler, HttpHandlerOptions, HttpRequest, HttpResponse } from "@smithy/protocol-http";
import * as r from "./aws-responses";
import type { Service } from "./aws-responses";
import { OPT_IN_REGIONS, type OrgModel, type SimAccount } from "./org-model";
import type { Rng } from "./rng";
import { TokenBucket } from "./token-bucket";

/**
 * One in-process AWS for every client of a process: a smithy HttpHandler that never opens a socket, so
 * the bench measures the engine, not a network. Routing, latency and throttling (a rejected call takes
 * no token, as at AWS) are described in bench/README.md "What it simulates".
 */

export type SimOptions = {
  latencyMs: { min: number; max: number };
  bucket: { burst: number; refillPerSecond: number };
  /** Probability that any call is throttled regardless of the bucket. */
  randomThrottleRate: number;
  /** Page size of the Organizations list operations. */
  listPageSize: number;
  rng: Rng;
  now?: () => number;
};

export type Outcome = "ok" | "throttledBucket" | "throttledRandom" | "error";
export type Counters = Record<Outcome, number> & { attempts: number };
const newCounters = (): Counters => ({ attempts: 0, ok: 0, throttledBucket: 0, throttledRandom: 0, error: 0 });

export type AccountTrace = {
  firstCallAt: number;
  lastDoneAt: number;
  firstThrottledAt?: number;
  inFlight: number;
  peakInFlight: number;
  counters: Counters;
};

type Routed = { service: Service; operation: string; account?: SimAccount; answer: () => { response: HttpResponse } };

const HUB_SERVICES = new Set<Service>(["sts", "organizations"]);

/** Times are epoch milliseconds (fractional), comparable across processes. */
export const epochNow = () => performance.timeOrigin + performance.now();

export type SimFigures = {
  /** Per "service:Operation". */
  operations: Record<string, Counters>;
  accounts: Record<string, AccountTrace>;
  protocolErrors: string[];
  protocolErrorCount: number;
  /** Peak calls in flight; merged figures add the processes' peaks (an upper bound). */
  peakInFlight: number;
  cpuMs: number;
  latenessMs: number;
  firstCallAt: number | undefined;
  lastOrganizationsDoneAt: number | undefined;
};

const minOf = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);
const maxOf = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

function addCounters(into: Counters, c: Counters): Counters {
  for (const k of Object.keys(into) as (keyof Counters)[]) into[k] += c[k];
  return into;
}

/** The figures of several simulators (one per process) as one. An account retried by a second worker appears in both. */
export function mergeSimFigures(list: SimFigures[]): SimFigures {
  const merged: SimFigures = {
    operations: {},
    accounts: {},
    protocolErrors: [],
    protocolErrorCount: 0,
    peakInFlight: 0,
    cpuMs: 0,
    latenessMs: 0,
    firstCallAt: undefined,
    lastOrganizationsDoneAt: undefined,
  };
  for (const f of list) {
    for (const [key, c] of Object.entries(f.operations))
      merged.operations[key] = addCounters(merged.operations[key] ?? newCounters(), c);
    for (const [id, t] of Object.entries(f.accounts)) {
      const m = merged.accounts[id];
      merged.accounts[id] = m
        ? {
            firstCallAt: Math.min(m.firstCallAt, t.firstCallAt),
            lastDoneAt: Math.max(m.lastDoneAt, t.lastDoneAt),
            firstThrottledAt: minOf(m.firstThrottledAt, t.firstThrottledAt),
            inFlight: 0,
            peakInFlight: Math.max(m.peakInFlight, t.peakInFlight),
            counters: addCounters({ ...m.counters }, t.counters),
          }
        : { ...t, counters: { ...t.counters } };
    }
    merged.protocolErrors.push(...f.protocolErrors.slice(0, 20 - merged.protocolErrors.length));
    merged.protocolErrorCount += f.protocolErrorCount;
    merged.peakInFlight += f.peakInFlight;
    merged.cpuMs += f.cpuMs;
    merged.latenessMs += f.latenessMs;
    merged.firstCallAt = minOf(merged.firstCallAt, f.firstCallAt);
    merged.lastOrganizationsDoneAt = maxOf(merged.lastOrganizationsDoneAt, f.lastOrganizationsDoneAt);
  }
  return merged;
}

export const isHubService = (service: Service) => HUB_SERVICES.has(service);

/** Sum of the counters of the operations whose service passes `filter`. */
export function totalCalls(figures: SimFigures, filter: (service: Service) => boolean = () => true): Counters {
  const sum = newCounters();
  for (const [key, c] of Object.entries(figures.operations))
    if (filter(key.split(":")[0] as Service)) addCounters(sum, c);
  return sum;
}

export class SimulatedAws {
  /** Per "service:Operation". */
  readonly operations = new Map<string, Counters>();
  readonly accounts = new Map<string, AccountTrace>();
  readonly protocolErrors: string[] = [];
  protocolErrorCount = 0;
  inFlight = 0;
  peakInFlight = 0;
  /** Time the simulator itself spent on the event loop (routing, bookkeeping, building answers), ms. */
  cpuMs = 0;
  /** How much later than planned the simulated latencies ended (timer lateness on a busy loop), ms. */
  latenessMs = 0;
  /** When the first call arrived and the last Organizations call was answered (epoch ms). */
  firstCallAt: number | undefined;
  lastOrganizationsDoneAt: number | undefined;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly now: () => number;

  readonly handler: HttpHandler = {
    handle: (request, options) => this.handle(request, options),
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
    destroy: () => {},
  };

  constructor(
    readonly org: OrgModel,
    readonly options: SimOptions,
  ) {
    this.now = options.now ?? epochNow;
  }

  private async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const arrivedAt = this.now();
    this.firstCallAt ??= arrivedAt;
    const routed = this.route(request);
    const key = `${routed.service}:${routed.operation}`;
    const op = this.operations.get(key) ?? newCounters();
    this.operations.set(key, op);
    const trace = routed.account ? this.trace(routed.account.id, arrivedAt) : undefined;

    let outcome: Outcome;
    let answer = routed.answer;
    if (routed.operation === "?") outcome = "error";
    else if (this.options.rng() < this.options.randomThrottleRate) outcome = "throttledRandom";
    else if (
      routed.account &&
      !HUB_SERVICES.has(routed.service) &&
      !this.bucket(routed.account.id, arrivedAt).tryTake(arrivedAt)
    )
      outcome = "throttledBucket";
    else outcome = "ok";
    if (outcome === "throttledRandom" || outcome === "throttledBucket") {
      answer = () => r.throttled(routed.service);
      if (trace) trace.firstThrottledAt ??= arrivedAt;
    }

    for (const c of [op, trace?.counters]) {
      if (!c) continue;
      c.attempts += 1;
      c[outcome] += 1;
    }
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    if (trace) {
      trace.inFlight += 1;
      trace.peakInFlight = Math.max(trace.peakInFlight, trace.inFlight);
    }
    const { min, max } = this.options.latencyMs;
    const latency = min + this.options.rng() * (max - min);
    this.cpuMs += this.now() - arrivedAt;
    try {
      await sleep(latency, options?.abortSignal);
      const woke = this.now();
      this.latenessMs += woke - arrivedAt - latency;
      const answered = answer();
      this.cpuMs += this.now() - woke;
      return answered;
    } finally {
      this.inFlight -= 1;
      if (routed.service === "organizations") this.lastOrganizationsDoneAt = this.now();
      if (trace) {
        trace.inFlight -= 1;
        trace.lastDoneAt = this.now();
      }
    }
  }

  private trace(accountId: string, at: number): AccountTrace {
    let t = this.accounts.get(accountId);
    if (!t)
      this.accounts.set(
        accountId,
        (t = { firstCallAt: at, lastDoneAt: at, inFlight: 0, peakInFlight: 0, counters: newCounters() }),
      );
    return t;
  }

  private bucket(accountId: string, at: number): TokenBucket {
    let b = this.buckets.get(accountId);
    if (!b)
      this.buckets.set(
        accountId,
        (b = new TokenBucket(this.options.bucket.burst, this.options.bucket.refillPerSecond, at)),
      );
    return b;
  }

  private protocolError(service: Service, what: string): Routed {
    this.protocolErrorCount += 1;
    if (this.protocolErrors.length < 20) this.protocolErrors.push(`${service}: ${what}`);
    return { service, operation: "?", answer: () => r.unexpected(service, what) };
  }

  // ---- Routing

  private route(request: HttpRequest): Routed {
    const scope = credentialScope(header(request, "authorization"));
    if (!scope) return this.protocolError("sts", `unsigned request to ${request.hostname}${request.path}`);
    const service: Service | undefined = (
      { sts: "sts", organizations: "organizations", iam: "iam", s3: "s3control", ec2: "ec2" } as const
    )[scope.service];
    if (!service) return this.protocolError("sts", `unknown service ${scope.service} (${request.hostname})`);
    if (service === "sts") return this.sts(request);
    if (service === "organizations") return this.organizations(request);

    const accountId = r.accountOfAccessKey(scope.accessKeyId);
    const account = accountId ? this.org.byId.get(accountId) : undefined;
    if (!account)
      return this.protocolError(service, `account-scoped call signed by ${scope.accessKeyId}, not by an assumed role`);
    if (service === "iam") return this.iam(request, account);
    if (service === "s3control") return this.s3control(request, account);
    return this.ec2(request, account, scope.region);
  }

  private sts(request: HttpRequest): Routed {
    const params = new URLSearchParams(bodyText(request));
    const action = params.get("Action");
    if (action !== "AssumeRole") return this.protocolError("sts", `action ${action}`);
    const roleArn = params.get("RoleArn") ?? "";
    const account = this.org.byId.get(/^arn:aws:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? "");
    if (!account)
      return {
        service: "sts",
        operation: "AssumeRole",
        answer: () => r.accessDenied("sts", `not authorized to assume ${roleArn}`),
      };
    const session = params.get("RoleSessionName") ?? "bench";
    const seconds = Number(params.get("DurationSeconds") ?? 3600);
    return {
      service: "sts",
      operation: "AssumeRole",
      account,
      answer: () => r.assumeRole(account, roleArn, session, new Date(Date.now() + seconds * 1000)),
    };
  }

  private organizations(request: HttpRequest): Routed {
    const target = header(request, "x-amz-target") ?? "";
    const operation = target.replace(/^AWSOrganizationsV20161128\./, "");
    const input = JSON.parse(bodyText(request) || "{}") as {
      NextToken?: string;
      ParentId?: string;
      ResourceId?: string;
    };
    const org = this.org;
    const size = this.options.listPageSize;
    const page = <T>(items: T[]) => {
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const next = start + size < items.length ? String(start + size) : undefined;
      return { items: items.slice(start, start + size), next };
    };
    const ok = (answer: Routed["answer"]): Routed => ({ service: "organizations", operation, answer });
    switch (operation) {
      case "DescribeOrganization":
        return ok(() => r.describeOrganization(org));
      case "ListAccounts": {
        const p = page(org.accountList);
        return ok(() => r.accountsPage(org, p.items, p.next));
      }
      case "ListRoots":
        return ok(() => r.listRoots(org));
      case "ListOrganizationalUnitsForParent":
        if (input.ParentId === org.rootId) return ok(() => r.ousPage(org, org.ous));
        if (org.ous.some((o) => o.id === input.ParentId)) return ok(() => r.ousPage(org, []));
        return ok(() => r.organizationsNotFound(`parent ${input.ParentId}`));
      case "ListAccountsForParent": {
        const ou = org.ous.find((o) => o.id === input.ParentId);
        if (!ou && input.ParentId !== org.rootId) return ok(() => r.organizationsNotFound(`parent ${input.ParentId}`));
        const p = page((ou?.accountIds ?? []).map((id) => org.byId.get(id)!));
        return ok(() => r.accountsPage(org, p.items, p.next));
      }
      case "ListTagsForResource": {
        const account = org.byId.get(input.ResourceId ?? "");
        return account
          ? ok(() => r.tagsOf(account))
          : ok(() => r.organizationsNotFound(`resource ${input.ResourceId}`));
      }
      default:
        return this.protocolError("organizations", `operation ${target}`);
    }
  }

  private iam(request: HttpRequest, account: SimAccount): Routed {
    const action = new URLSearchParams(bodyText(request)).get("Action");
    if (action !== "GetAccountSummary") return this.protocolError("iam", `action ${action}`);
    return { service: "iam", operation: "GetAccountSummary", account, answer: () => r.accountSummary(account) };
  }

  private s3control(request: HttpRequest, account: SimAccount): Routed {
    if (request.method !== "GET" || request.path !== "/v20180820/configuration/publicAccessBlock")
      return this.protocolError("s3control", `${request.method} ${request.path}`);
    const target = header(request, "x-amz-account-id");
    if (target !== account.id)
      return this.protocolError("s3control", `x-amz-account-id ${target} differs from the caller ${account.id}`);
    return {
      service: "s3control",
      operation: "GetPublicAccessBlock",
      account,
      answer: () => r.publicAccessBlock(account),
    };
  }

  private ec2(request: HttpRequest, account: SimAccount, region: string): Routed {
    const params = new URLSearchParams(bodyText(request));
    const action = params.get("Action");
    const org = this.org;
    if (!org.enabledRegions.includes(region)) {
      return {
        service: "ec2",
        operation: `${action}@disabled-region`,
        account,
        answer: () => r.ec2AuthFailure(region),
      };
    }
    if (action === "DescribeRegions") {
      if (params.get("AllRegions") !== "true")
        return this.protocolError("ec2", "DescribeRegions without AllRegions=true");
      return {
        service: "ec2",
        operation: "DescribeRegions",
        account,
        answer: () => r.describeRegions(org.enabledRegions, OPT_IN_REGIONS),
      };
    }
    if (action !== "DescribeSecurityGroups") return this.protocolError("ec2", `action ${action}`);
    const token = params.get("NextToken");
    const pageIndex = token ? Number(/^page-(\d+)$/.exec(token)?.[1] ?? NaN) : 0;
    if (!Number.isInteger(pageIndex) || pageIndex < 0 || pageIndex >= org.pages) {
      return {
        service: "ec2",
        operation: "DescribeSecurityGroups",
        account,
        answer: () => r.ec2BadToken(String(token)),
      };
    }
    const openPage = org.openSshPage.get(region);
    const groups = Array.from({ length: org.groupsPerPage }, (_, k) => {
      const n = pageIndex * org.groupsPerPage + k;
      return {
        groupId: `sg-0b${n.toString(16).padStart(15, "0")}`,
        name: `app-${n}`,
        openSsh: openPage === pageIndex && k === 0,
      };
    });
    const next = pageIndex + 1 < org.pages ? `page-${pageIndex + 1}` : undefined;
    return {
      service: "ec2",
      operation: "DescribeSecurityGroups",
      account,
      answer: () => r.securityGroupsPage(account.id, groups, next),
    };
  }

  // ---- Figures

  /** What this simulator saw, as plain data: several processes' figures merge with mergeSimFigures. */
  figures(): SimFigures {
    return {
      operations: Object.fromEntries(this.operations),
      accounts: Object.fromEntries(this.accounts),
      protocolErrors: [...this.protocolErrors],
      protocolErrorCount: this.protocolErrorCount,
      peakInFlight: this.peakInFlight,
      cpuMs: this.cpuMs,
      latenessMs: this.latenessMs,
      firstCallAt: this.firstCallAt,
      lastOrganizationsDoneAt: this.lastOrganizationsDoneAt,
    };
  }

  /**
   * The distinct successful calls a complete collection needs by the engine's algorithm: the floor the
   * attempts are compared with, so retries and throttles show as the difference.
   */
  minimumCalls(): { hub: number; perAccount: number; account: number; total: number } {
    const org = this.org;
    const pages = (n: number) => Math.max(1, Math.ceil(n / this.options.listPageSize));
    const n = org.accountList.length;
    const tree =
      1 /* ListRoots */ +
      1 +
      1 /* root: accounts, OUs */ +
      org.ous.reduce((s, ou) => s + pages(ou.accountIds.length) + 1, 0);
    const hub = 1 /* DescribeOrganization */ + pages(n) + tree + n /* tags */ + n; /* AssumeRole */
    const perAccount = 3 + org.enabledRegions.length * org.pages;
    return { hub, perAccount, account: n * perAccount, total: hub + n * perAccount };
  }
}

function header(request: HttpRequest, name: string): string | undefined {
  const key = Object.keys(request.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : request.headers[key];
}

function bodyText(request: HttpRequest): string {
  const body: unknown = request.body;
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  throw new Error(`bench: unsupported request body type ${Object.prototype.toString.call(body)}`);
}

/** `Credential=AKID/20260101/eu-west-1/ec2/aws4_request` from a SigV4 authorization header. */
function credentialScope(authorization: string | undefined) {
  const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? "");
  return m ? { accessKeyId: m[1]!, region: m[2]!, service: m[3]! } : undefined;
}

type AnySignal = HttpHandlerOptions["abortSignal"];

function sleep(ms: number, signal: AnySignal): Promise<void> {
  const abortError = () => Object.assign(new Error("Request aborted"), { name: "AbortError" });
  if (signal?.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const target = signal as
      | {
          addEventListener?: (t: "abort", f: () => void, o: { once: boolean }) => void;
          removeEventListener?: (t: "abort", f: () => void) => void;
        }
      | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      target?.removeEventListener?.("abort", onAbort);
      resolve();
    }, ms);
    target?.addEventListener?.("abort", onAbort, { once: true });
  });
}
