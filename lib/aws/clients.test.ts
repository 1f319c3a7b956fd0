import { DescribeSecurityGroupsCommand, EC2Client, paginateDescribeSecurityGroups } from "@aws-sdk/client-ec2";
import { HttpResponse } from "@smithy/protocol-http";
import type { HttpHandlerOptions } from "@smithy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AccountBackoff,
  clientConfig,
  countCalls,
  newAccountRetryStrategy,
  keepLastSigningKey,
  newCallStats,
  reuseSigners,
  sendsWithUnitSignal,
} from "./clients";
import { sharedAbortSignal } from "./abort";
import { SendPacer } from "./pacer";

const page = (next?: string) =>
  new HttpResponse({
    statusCode: 200,
    headers: { "content-type": "text/xml" },
    body: Buffer.from(
      `<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><securityGroupInfo><item><groupId>sg-1</groupId><groupName>a</groupName></item></securityGroupInfo>${next ? `<nextToken>${next}</nextToken>` : ""}</DescribeSecurityGroupsResponse>`,
    ),
  });

/** A request handler that answers three pages and remembers the options of every request. */
function recordingHandler() {
  const seen: HttpHandlerOptions[] = [];
  let n = 0;
  return {
    seen,
    handle: async (_request: unknown, options: HttpHandlerOptions = {}) => {
      seen.push(options);
      n += 1;
      return { response: page(n % 3 === 0 ? undefined : `t${n}`) };
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
    destroy: () => {},
  };
}

const credentials = async () => ({ accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret" });

afterEach(() => vi.restoreAllMocks());

describe("unit clients", () => {
  it("send every request with the unit's signal and resolve the middleware once, even when readers pass the signal", async () => {
    const handler = recordingHandler();
    const unit = new AbortController();
    const client = sendsWithUnitSignal(
      new EC2Client(
        clientConfig({
          region: "eu-west-1",
          credentials,
          callTimeoutMs: 1000,
          maxAttempts: 1,
          requestHandler: handler,
          abortSignal: unit.signal,
        }),
      ),
      unit.signal,
    );
    const resolve = vi.spyOn(DescribeSecurityGroupsCommand.prototype, "resolveMiddleware");

    let groups = 0;
    for await (const p of paginateDescribeSecurityGroups({ client, pageSize: 1000 }, {}, { abortSignal: unit.signal }))
      groups += p.SecurityGroups?.length ?? 0;
    expect(groups).toBe(3);
    expect(resolve).toHaveBeenCalledTimes(1);
    // The unit's signal, shared so that requests in flight add no listener each.
    const shared = sharedAbortSignal(unit.signal);
    expect(handler.seen.map((o) => o.abortSignal === shared)).toEqual([true, true, true]);
    const aborted = vi.fn();
    shared.addEventListener("abort", aborted);
    unit.abort();
    expect([shared.aborted, aborted.mock.calls.length]).toEqual([true, 1]);
  });

  it("keep a call's own options: another signal reaches the handler and is not cached", async () => {
    const handler = recordingHandler();
    const unit = new AbortController();
    const other = new AbortController();
    const client = sendsWithUnitSignal(
      new EC2Client(
        clientConfig({
          region: "eu-west-1",
          credentials,
          callTimeoutMs: 1000,
          maxAttempts: 1,
          requestHandler: handler,
          abortSignal: unit.signal,
        }),
      ),
      unit.signal,
    );
    const resolve = vi.spyOn(DescribeSecurityGroupsCommand.prototype, "resolveMiddleware");
    await client.send(new DescribeSecurityGroupsCommand({}), { abortSignal: other.signal });
    await client.send(new DescribeSecurityGroupsCommand({}), { abortSignal: other.signal });
    expect(handler.seen.map((o) => o.abortSignal)).toEqual([other.signal, other.signal]);
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it("fail an attempt at once when the unit's deadline has passed", async () => {
    const unit = new AbortController();
    const handle = vi.fn(async (_request: unknown, options: HttpHandlerOptions = {}) => {
      if (options.abortSignal?.aborted) throw Object.assign(new Error("Request aborted"), { name: "AbortError" });
      return { response: page() };
    });
    const client = new EC2Client(
      clientConfig({
        region: "eu-west-1",
        credentials,
        callTimeoutMs: 1000,
        maxAttempts: 3,
        requestHandler: { handle, updateHttpClientConfig: () => {}, httpHandlerConfigs: () => ({}), destroy: () => {} },
        abortSignal: unit.signal,
      }),
    );
    unit.abort();
    await expect(client.send(new DescribeSecurityGroupsCommand({}))).rejects.toMatchObject({ name: "AbortError" });
    expect(handle).toHaveBeenCalledTimes(1);
  });
});

describe("account retries", () => {
  it("back off after a throttle for at most 2 s, and after other errors as the SDK does", () => {
    const top = new AccountBackoff(() => 0.999999);
    const throttleDelays = [0, 1, 2, 3, 10].map((n) => {
      top.setDelayBase(1_000); // the SDK's throttling base
      return top.computeNextBackoffDelay(n);
    });
    expect(throttleDelays).toEqual([249, 499, 999, 1999, 1999]);
    top.setDelayBase(100); // the strategy's own base: any other retryable error
    expect([0, 3, 20].map((n) => top.computeNextBackoffDelay(n))).toEqual([99, 799, 19999]);
  });

  it("are told by the SDK which errors are throttles, through the delay base", async () => {
    const strategy = newAccountRetryStrategy(5);
    const backoff = (strategy as unknown as { retryBackoffStrategy: AccountBackoff }).retryBackoffStrategy;
    expect(backoff).toBeInstanceOf(AccountBackoff);
    const bases: number[] = [];
    const set = backoff.setDelayBase.bind(backoff);
    backoff.setDelayBase = (base) => {
      bases.push(base);
      set(base);
    };
    vi.spyOn(backoff, "computeNextBackoffDelay").mockReturnValue(0);
    const token = await strategy.acquireInitialRetryToken("");
    await strategy.refreshRetryTokenForRetry(token, { errorType: "THROTTLING" });
    await strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT" });
    expect(bases[0]).not.toBe(100);
    expect(bases[1]).toBe(100);
  });
});

describe("countCalls with a pacer", () => {
  it("asks for a send slot before every attempt, retries included, and reports throttles to the pacer", async () => {
    let n = 0;
    const handle = async () => {
      n += 1;
      if (n === 1) {
        return {
          response: new HttpResponse({
            statusCode: 503,
            headers: { "content-type": "text/xml" },
            body: Buffer.from(
              "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>",
            ),
          }),
        };
      }
      return { response: page() };
    };
    const pacer = new SendPacer();
    const acquire = vi.spyOn(pacer, "acquire");
    const record = vi.spyOn(pacer, "record");
    const stats = newCallStats();
    const retry = newAccountRetryStrategy(3);
    vi.spyOn(
      (retry as unknown as { retryBackoffStrategy: AccountBackoff }).retryBackoffStrategy,
      "computeNextBackoffDelay",
    ).mockReturnValue(0);
    const client = countCalls(
      new EC2Client(
        clientConfig({
          region: "eu-west-1",
          credentials,
          callTimeoutMs: 1000,
          maxAttempts: 3,
          retryStrategy: retry,
          requestHandler: {
            handle,
            updateHttpClientConfig: () => {},
            httpHandlerConfigs: () => ({}),
            destroy: () => {},
          },
        }),
      ),
      stats,
      pacer,
    );
    await client.send(new DescribeSecurityGroupsCommand({}));
    expect(stats).toEqual({ calls: 2, throttled: 1 });
    expect(acquire).toHaveBeenCalledTimes(2);
    expect(record.mock.calls).toEqual([[true], [false]]);
  });
});

describe("reuseSigners", () => {
  it("builds one signer per auth scheme, and still signs with renewed credentials", async () => {
    const authorizations: string[] = [];
    const handler = {
      handle: async (request: { headers: Record<string, string> }) => {
        authorizations.push(request.headers.authorization ?? "");
        return { response: page() };
      },
      updateHttpClientConfig: () => {},
      httpHandlerConfigs: () => ({}),
      destroy: () => {},
    };
    let renewals = 0;
    // Expiring within the SDK's five-minute window, so it asks again for every request (as after a renewal).
    const renewing = async () => ({
      accessKeyId: `ASIAKEY${(renewals += 1)}`,
      secretAccessKey: `secret-${renewals}`,
      expiration: new Date(Date.now() + 60_000),
    });
    const client = reuseSigners(
      new EC2Client(
        clientConfig({
          region: "eu-west-1",
          credentials: renewing,
          callTimeoutMs: 1000,
          maxAttempts: 1,
          requestHandler: handler,
        }),
      ),
    );
    const config = client.config as unknown as { signer: (scheme?: object) => Promise<unknown> };
    const made = vi.fn();
    const memo = config.signer;
    config.signer = (scheme) => {
      made(scheme);
      return memo(scheme);
    };
    await client.send(new DescribeSecurityGroupsCommand({}));
    await client.send(new DescribeSecurityGroupsCommand({}));
    const [first, second] = await Promise.all([
      memo({ name: "sigv4", signingName: "ec2", signingRegion: "eu-west-1" }),
      memo({ name: "sigv4", signingName: "ec2", signingRegion: "eu-west-1" }),
    ]);
    expect(first).toBe(second);
    expect(await memo({ name: "sigv4", signingName: "ec2", signingRegion: "us-east-1" })).not.toBe(first);
    expect(made).toHaveBeenCalledTimes(2);
    // Each request carries the credentials current when it was signed, and the region of its scheme.
    const scopes = authorizations.map((a) => /Credential=ASIAKEY(\d+)\/\d{8}\/([\w-]+)\//.exec(a)?.slice(1));
    expect(scopes.map((x) => x?.[1])).toEqual(["eu-west-1", "eu-west-1"]);
    expect(Number(scopes[1]![0])).toBeGreaterThan(Number(scopes[0]![0]));
  });
});

describe("keepLastSigningKey", () => {
  it("derives a key once per credentials, day and scope, again after a renewal, and forgets a failed derivation", async () => {
    let fail = false;
    const derive = vi.fn(async (c: { accessKeyId: string }, region: string, day: string, _service?: string) => {
      if (fail) throw new Error("no key");
      return new TextEncoder().encode(`${c.accessKeyId}/${region}/${day}`);
    });
    const signer = keepLastSigningKey({ getSigningKey: derive });
    type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    const a: Creds = { accessKeyId: "ASIAONE", secretAccessKey: "s1", sessionToken: "t1" };
    const key = async (c: Creds, region = "eu-west-1", day = "20261204") =>
      new TextDecoder().decode(await signer.getSigningKey(c, region, day, "ec2"));
    expect(await key(a)).toBe("ASIAONE/eu-west-1/20261204");
    expect(await key({ ...a })).toBe("ASIAONE/eu-west-1/20261204");
    expect(derive).toHaveBeenCalledTimes(1);
    // A renewal (same key id, new secret and token), another day or another region derive again.
    await key({ ...a, secretAccessKey: "s2", sessionToken: "t2" });
    await key({ ...a, secretAccessKey: "s2", sessionToken: "t2" }, "eu-west-1", "20261205");
    await key({ ...a, secretAccessKey: "s2", sessionToken: "t2" }, "us-east-1", "20261205");
    expect(derive).toHaveBeenCalledTimes(4);
    fail = true;
    const b = { accessKeyId: "ASIATWO", secretAccessKey: "x" };
    await expect(key(b)).rejects.toThrow("no key");
    fail = false;
    expect(await key(b)).toBe("ASIATWO/eu-west-1/20261204");
    expect(derive).toHaveBeenCalledTimes(6);
  });

  it("signs exactly as the SDK's own signer does", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-04T12:00:00Z") });
    try {
      const signed = async (reuse: boolean) => {
        const authorizations: string[] = [];
        const handler = {
          handle: async (request: { headers: Record<string, string> }) => {
            authorizations.push(request.headers.authorization ?? "");
            return { response: page() };
          },
          updateHttpClientConfig: () => {},
          httpHandlerConfigs: () => ({}),
          destroy: () => {},
        };
        const creds = async () => ({ accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token" });
        const built = new EC2Client(
          clientConfig({
            region: "eu-west-1",
            credentials: creds,
            callTimeoutMs: 1000,
            maxAttempts: 1,
            requestHandler: handler,
          }),
        );
        const client = reuse ? reuseSigners(built) : built;
        // The invocation id is random per call; fixed here so that two signatures can be compared.
        const fixInvocationId =
          (next: (args: { request: unknown }) => Promise<unknown>) => (args: { request: unknown }) => {
            (args.request as { headers: Record<string, string> }).headers["amz-sdk-invocation-id"] =
              "00000000-0000-4000-8000-000000000000";
            return next(args);
          };
        client.middlewareStack.addRelativeTo(fixInvocationId as never, {
          relation: "before",
          toMiddleware: "httpSigningMiddleware",
        });
        await client.send(new DescribeSecurityGroupsCommand({ GroupIds: ["sg-1"] }));
        await client.send(new DescribeSecurityGroupsCommand({ GroupIds: ["sg-1"] }));
        return authorizations;
      };
      const plain = await signed(false);
      expect(plain[0]).toMatch(
        /^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/20261204\/eu-west-1\/ec2\/aws4_request, SignedHeaders=.+, Signature=[0-9a-f]{64}$/,
      );
      expect(await signed(true)).toEqual(plain);
    } finally {
      vi.useRealTimers();
    }
  });
});
