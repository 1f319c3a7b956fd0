import { DescribeSecurityGroupsCommand, EC2Client, paginateDescribeSecurityGroups } from "@aws-sdk/client-ec2";
import { HttpResponse } from "@smithy/protocol-http";
import type { HttpHandlerOptions } from "@smithy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clientConfig, sendsWithUnitSignal } from "./clients";

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
    const client = sendsWithUnitSignal(new EC2Client(clientConfig({ region: "eu-west-1", credentials, callTimeoutMs: 1000, maxAttempts: 1, requestHandler: handler, abortSignal: unit.signal })), unit.signal);
    const resolve = vi.spyOn(DescribeSecurityGroupsCommand.prototype, "resolveMiddleware");

    let groups = 0;
    for await (const p of paginateDescribeSecurityGroups({ client, pageSize: 1000 }, {}, { abortSignal: unit.signal })) groups += p.SecurityGroups?.length ?? 0;
    expect(groups).toBe(3);
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(handler.seen.map((o) => o.abortSignal)).toEqual([unit.signal, unit.signal, unit.signal]);
  });

  it("keep a call's own options: another signal reaches the handler and is not cached", async () => {
    const handler = recordingHandler();
    const unit = new AbortController();
    const other = new AbortController();
    const client = sendsWithUnitSignal(new EC2Client(clientConfig({ region: "eu-west-1", credentials, callTimeoutMs: 1000, maxAttempts: 1, requestHandler: handler, abortSignal: unit.signal })), unit.signal);
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
    const client = new EC2Client(clientConfig({ region: "eu-west-1", credentials, callTimeoutMs: 1000, maxAttempts: 3, requestHandler: { handle, updateHttpClientConfig: () => {}, httpHandlerConfigs: () => ({}), destroy: () => {} }, abortSignal: unit.signal }));
    unit.abort();
    await expect(client.send(new DescribeSecurityGroupsCommand({}))).rejects.toMatchObject({ name: "AbortError" });
    expect(handle).toHaveBeenCalledTimes(1);
  });
});
