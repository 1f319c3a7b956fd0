import { describe, expect, it } from "vitest";
import check from "./vpc-cidr-overlap-across-accounts";
import { vpc } from "./fixtures";
import { defaultCheckSettings, type CheckSettings } from "../settings";
import { orgContextFor } from "../evaluate";
import type { Vpc } from "@/lib/aws/ec2/types";

const A = "111111111111";
const B = "222222222222";
const C = "333333333333";

function org(accounts: Record<string, Record<string, Vpc[] | undefined>>, settings: Partial<CheckSettings> = {}) {
  return orgContextFor(check, {
    partition: "aws",
    settings: { ...defaultCheckSettings, ...settings },
    accounts: Object.entries(accounts).map(([accountId, regions]) => ({
      accountId,
      environment: "prod",
      global: {},
      regions: Object.fromEntries(Object.entries(regions).map(([r, vpcs]) => [r, vpcs ? { vpcs } : {}])),
    })),
  });
}

const byVpc = (results: ReturnType<typeof check.evaluate>) =>
  Object.fromEntries(results.map((r) => [r.resourceId.split("/")[1], r]));

describe("vpc_cidr_overlap_across_accounts", () => {
  it("fails both VPCs when a secondary block of one collides with another account's primary", () => {
    const results = check.evaluate(
      org({
        [A]: { "us-east-1": [vpc("vpc-a", ["10.0.0.0/16", "100.64.0.0/20"])] },
        [B]: { "eu-west-1": [vpc("vpc-b", ["100.64.8.0/24"])] },
        [C]: { "us-east-1": [vpc("vpc-c", ["10.1.0.0/16"])] },
      }),
    );
    const r = byVpc(results);
    expect(r["vpc-a"]).toMatchObject({
      accountId: A,
      region: "us-east-1",
      resourceId: `arn:aws:ec2:us-east-1:${A}:vpc/vpc-a`,
      resourceType: "AWS::EC2::VPC",
      status: "fail",
      evidence: {
        cidrBlocks: ["10.0.0.0/16", "100.64.0.0/20"],
        collisions: [
          { accountId: B, region: "eu-west-1", vpcId: "vpc-b", cidr: "100.64.8.0/24", overlapsWith: "100.64.0.0/20" },
        ],
      },
    });
    expect(r["vpc-b"]).toMatchObject({
      accountId: B,
      region: "eu-west-1",
      status: "fail",
      evidence: { collisions: [{ accountId: A, vpcId: "vpc-a", cidr: "100.64.0.0/20" }] },
    });
    expect(r["vpc-c"]?.status).toBe("pass");
  });

  const defaults = {
    [A]: {
      "us-east-1": [
        vpc("vpc-da", ["172.31.0.0/16"], { isDefault: true }),
        vpc("vpc-a1", ["10.0.0.0/16"]),
        vpc("vpc-a2", ["10.0.0.0/16"]),
      ],
      "eu-west-1": [vpc("vpc-da2", ["172.31.0.0/16"], { isDefault: true })],
    },
    [B]: { "us-east-1": [vpc("vpc-db", ["172.31.0.0/16"], { isDefault: true })] },
    [C]: { "us-east-1": [vpc("vpc-dc", ["172.31.0.0/16"], { isDefault: true })] },
  };

  it("leaves default VPCs out by default, so they neither fail nor show as resources", () => {
    const r = byVpc(check.evaluate(org(defaults, { onPremisesCidrs: ["172.16.0.0/12"] })));
    expect(Object.keys(r).sort()).toEqual(["vpc-a1", "vpc-a2"]);
    expect([r["vpc-a1"]?.status, r["vpc-a2"]?.status]).toEqual(["pass", "pass"]);
  });

  it("fails every account's default VPC (they all share 172.31.0.0/16) when settings include them, but not two VPCs of one account", () => {
    const r = byVpc(check.evaluate(org(defaults, { overlapIncludesDefaultVpcs: true })));
    expect(["vpc-da", "vpc-da2", "vpc-db", "vpc-dc", "vpc-a1", "vpc-a2"].map((id) => [id, r[id]?.status])).toEqual([
      ["vpc-da", "fail"],
      ["vpc-da2", "fail"],
      ["vpc-db", "fail"],
      ["vpc-dc", "fail"],
      ["vpc-a1", "pass"],
      ["vpc-a2", "pass"],
    ]);
    expect(r["vpc-db"]?.evidence.collisions).toEqual(
      expect.arrayContaining([expect.objectContaining({ accountId: C, vpcId: "vpc-dc" })]),
    );
  });

  it("does not fail a non-default VPC for overlapping another account's default VPC, unless defaults are included", () => {
    const accounts = {
      [A]: { "us-east-1": [vpc("vpc-custom", ["172.31.128.0/20"])] },
      [B]: { "us-east-1": [vpc("vpc-default", ["172.31.0.0/16"], { isDefault: true })] },
    };
    expect(byVpc(check.evaluate(org(accounts)))).toMatchObject({
      "vpc-custom": { status: "pass", evidence: { cidrBlocks: ["172.31.128.0/20"] } },
    });
    const included = byVpc(check.evaluate(org(accounts, { overlapIncludesDefaultVpcs: true })));
    expect(included["vpc-custom"]).toMatchObject({
      status: "fail",
      evidence: { collisions: [{ accountId: B, vpcId: "vpc-default", cidr: "172.31.0.0/16" }] },
    });
    expect(included["vpc-default"]?.status).toBe("fail");
  });

  it("fails a VPC overlapping an on-premises range and reports settings that are not CIDRs", () => {
    const results = check.evaluate(
      org(
        { [A]: { "us-east-1": [vpc("vpc-a", ["10.20.0.0/16"]), vpc("vpc-b", ["10.32.0.0/16"])] } },
        { onPremisesCidrs: ["10.16.0.0/12", "10.30.0.1/16"] },
      ),
    );
    const r = byVpc(results);
    expect(r["vpc-a"]).toMatchObject({
      status: "fail",
      evidence: {
        collisions: [{ cidr: "10.16.0.0/12", onPremises: true, overlapsWith: "10.20.0.0/16" }],
        invalidOnPremisesCidrs: ["10.30.0.1/16"],
      },
    });
    expect(r["vpc-b"]).toMatchObject({ status: "pass", evidence: { invalidOnPremisesCidrs: ["10.30.0.1/16"] } });
  });

  it("counts a VPC shared through RAM once, for its owner", () => {
    const shared = vpc("vpc-s", ["10.50.0.0/16"], { ownerId: A });
    const results = check.evaluate(org({ [A]: { "us-east-1": [shared] }, [B]: { "us-east-1": [shared] } }));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ accountId: A, status: "pass" });
  });

  it("does not pass a VPC while some account's VPCs could not be read, but still fails what it saw collide", () => {
    const results = check.evaluate(
      org({
        [A]: { "us-east-1": [vpc("vpc-a", ["10.0.0.0/16"])], "eu-west-1": undefined },
        [B]: { "us-east-1": [vpc("vpc-b", ["10.0.128.0/17"]), vpc("vpc-c", ["10.9.0.0/16"])] },
      }),
    );
    const r = byVpc(results);
    expect(r["vpc-a"]?.status).toBe("fail");
    expect(r["vpc-c"]).toMatchObject({ status: "not_applicable", evidence: { unreadUnits: [`${A}/eu-west-1`] } });
  });

  it("has nothing to say without VPCs", () => {
    expect(check.evaluate(org({ [A]: { "us-east-1": [] } }))).toEqual([]);
  });
});
