import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { describeOrg } from "./organizations";

const orgs = mockClient(OrganizationsClient);
afterEach(() => orgs.reset());

const ids = Array.from({ length: 45 }, (_, i) => String(100000000000 + i));
const pageSize = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function organization(events: string[], tagCall: (id: string) => Promise<{ Tags: { Key: string; Value: string }[] }>) {
  orgs.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-abc123", MasterAccountId: ids[0] } });
  orgs.on(ListAccountsCommand).callsFake(async (input: { NextToken?: string }) => {
    const start = Number(input.NextToken ?? 0);
    await sleep(15);
    events.push(`page ${start / pageSize}`);
    const next = start + pageSize < ids.length ? String(start + pageSize) : undefined;
    return {
      Accounts: ids.slice(start, start + pageSize).map((Id) => ({ Id, Name: `acct-${Id}`, State: "ACTIVE" })),
      NextToken: next,
    };
  });
  orgs.on(ListRootsCommand).resolves({ Roots: [{ Id: "r-root", Name: "Root" }] });
  orgs.on(ListAccountsForParentCommand).resolves({ Accounts: ids.map((Id) => ({ Id })) });
  orgs.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
  orgs.on(ListTagsForResourceCommand).callsFake(async (input: { ResourceId: string }) => {
    events.push(`tags ${input.ResourceId}`);
    return tagCall(input.ResourceId);
  });
}

describe("describeOrg", () => {
  it("reads every account's tags with bounded concurrency, starting before the account list is complete", async () => {
    const events: string[] = [];
    let inFlight = 0;
    let peak = 0;
    organization(events, async (id) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await sleep(5);
      inFlight -= 1;
      return { Tags: [{ Key: "Environment", Value: `env-${id.slice(-2)}` }] };
    });
    const snapshot = await describeOrg(new OrganizationsClient({ region: "us-east-1" }), { tagConcurrency: 3 });

    expect(snapshot.organizationId).toBe("o-abc123");
    expect(snapshot.accounts.map((a) => a.id)).toEqual(ids);
    expect(Object.keys(snapshot.tags).sort()).toEqual(ids);
    expect(snapshot.tags[ids[44]!]).toEqual({ Environment: "env-44" });
    expect(peak).toBe(3);
    expect(events.indexOf(`tags ${ids[0]}`)).toBeLessThan(events.indexOf("page 2"));
    expect(snapshot.parentOf[ids[7]!]).toBe("r-root");
  });

  it("fails as the first tag read failed, starts no read after it, and leaves no rejection unhandled", async () => {
    const events: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      organization(events, async (id) => {
        await sleep(2);
        if (id === ids[1])
          throw Object.assign(new Error("You don't have permissions to access this resource."), {
            name: "AccessDeniedException",
          });
        return { Tags: [] };
      });
      await expect(
        describeOrg(new OrganizationsClient({ region: "us-east-1" }), { tagConcurrency: 2 }),
      ).rejects.toMatchObject({ name: "AccessDeniedException" });
      await sleep(50);
      expect(unhandled).toEqual([]);
      // Reads already in flight finish; none of the later accounts is asked.
      expect(events.filter((e) => e.startsWith("tags")).length).toBeLessThan(ids.length);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
