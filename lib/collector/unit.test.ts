import { getEventListeners } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GuardDutyClient } from "@aws-sdk/client-guardduty";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { newCallStats } from "@/lib/aws/clients";
import { createAwsFactory } from "@/lib/aws/factory";
import { listGuardDutyDetectors } from "@/lib/aws/guardduty/guardduty";
import { INVENTORY_SCOPE, type InventoryKey, type InventoryReader } from "@/lib/aws/inventory";
import { runUnit } from "./unit";

const context = { clients: {} as never, accountId: "111122223333", homeRegion: "us-east-1" };
// Readers in these tests return whatever the case needs; the unit only cares whether they resolve.
const reader = (
  key: InventoryReader["key"],
  collect: (ctx: { signal: AbortSignal }) => Promise<unknown>,
): InventoryReader => ({ key, scope: "regional", collect }) as unknown as InventoryReader;
const denied = () =>
  Promise.reject(
    Object.assign(new Error("not authorized"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }),
  );

describe("runUnit", () => {
  it("is ok when every reader succeeds", async () => {
    const run = await runUnit({
      region: "eu-west-1",
      collectors: [reader("securityGroups", async () => [])],
      context,
      stats: newCallStats(),
      deadlineMs: 1000,
    });
    expect(run.record).toMatchObject({ status: "ok", region: "eu-west-1" });
    expect(run.inventory.securityGroups).toEqual([]);
  });

  it("is partial when some readers fail, and leaves their inventory out", async () => {
    const run = await runUnit({
      region: "global",
      collectors: [
        reader("iamAccountSummary", denied),
        reader("s3AccountPublicAccessBlock", async () => ({
          configured: true,
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: true,
          restrictPublicBuckets: true,
        })),
      ],
      context,
      stats: newCallStats(),
      deadlineMs: 1000,
    });
    expect(run.record).toMatchObject({ status: "partial", errorCode: "AccessDenied" });
    expect(run.record.errorMessage).toMatch(/^iamAccountSummary: Access denied/);
    expect(run.inventory).not.toHaveProperty("iamAccountSummary");
  });

  it("fails a unit whose readers run past the deadline, with code Deadline", async () => {
    const hang = ({ signal }: { signal: AbortSignal }) =>
      new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "AbortError" }))),
      );
    const started = Date.now();
    const run = await runUnit({
      region: "ap-south-1",
      collectors: [reader("securityGroups", hang)],
      context,
      stats: newCallStats(),
      deadlineMs: 50,
    });
    expect(run.record).toMatchObject({ status: "failed", errorCode: "Deadline" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("ends at the deadline even when a reader ignores the signal (asleep in an SDK backoff)", async () => {
    let release: (() => void) | undefined;
    const deaf = () => new Promise<unknown[]>((resolve) => (release = () => resolve([])));
    const controller = new AbortController();
    const run = await runUnit({
      region: "eu-north-1",
      collectors: [reader("securityGroups", deaf), reader("vpcs", async () => [])],
      context,
      stats: newCallStats(),
      deadlineMs: 50,
      controller,
    });
    expect(controller.signal.aborted).toBe(true);
    expect(run.record).toMatchObject({ status: "partial", errorCode: "Deadline" });
    expect(run.inventory).not.toHaveProperty("securityGroups");
    expect(run.inventory.vpcs).toEqual([]);
    release?.();
  });

  it("skips a region the account has not enabled", async () => {
    const disabled = () =>
      Promise.reject(
        Object.assign(new Error("The security token included in the request is invalid"), {
          name: "UnrecognizedClientException",
        }),
      );
    const run = await runUnit({
      region: "me-south-1",
      collectors: [reader("securityGroups", disabled)],
      context,
      stats: newCallStats(),
      deadlineMs: 1000,
    });
    expect(run.record).toMatchObject({ status: "skipped", errorCode: "RegionDisabled" });
  });
});

describe("runUnit with the engine's clients", () => {
  let server: Server;
  let endpoint = "";
  beforeAll(async () => {
    // GuardDuty's REST-JSON protocol: many detectors, each read with its own call.
    server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      const id = /^\/detector\/([^/?]+)/.exec(req.url ?? "")?.[1];
      const body = id
        ? { status: "ENABLED", findingPublishingFrequency: "SIX_HOURS" }
        : { detectorIds: Array.from({ length: 40 }, (_, i) => `d${i}`) };
      setTimeout(() => res.end(JSON.stringify(body)), 5);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it(
    "collects a unit of many readers and calls without a MaxListenersExceededWarning",
    { timeout: 30_000 },
    async () => {
      vi.stubEnv("AWS_ENDPOINT_URL", endpoint);
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on("warning", onWarning);
      try {
        const controller = new AbortController();
        const stats = newCallStats();
        const clients = createAwsFactory({ homeRegion: "us-east-1", callTimeoutMs: 5000, maxAttempts: 2 }).account({
          credentials: async () => ({ accessKeyId: "AKIDTEST", secretAccessKey: "secret" }),
          stats,
          signal: controller.signal,
        });
        // Twelve readers of 82 calls each (list, plans, then detector and administrator × 40), on one signal.
        const collectors = (Object.keys(INVENTORY_SCOPE) as InventoryKey[])
          .slice(0, 12)
          .map((key) =>
            reader(key, ({ signal }) => listGuardDutyDetectors(clients.client(GuardDutyClient, "eu-west-1"), signal)),
          );
        const run = await runUnit({
          region: "eu-west-1",
          collectors,
          context: { ...context, clients },
          stats,
          deadlineMs: 30_000,
          controller,
        });
        expect(run.record).toMatchObject({ status: "ok" });
        expect(stats.calls).toBe(collectors.length * 82);
        expect(getEventListeners(controller.signal, "abort").length).toBeLessThanOrEqual(1);
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
      } finally {
        process.off("warning", onWarning);
        vi.unstubAllEnvs();
      }
    },
  );
});
