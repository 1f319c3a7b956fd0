import { describe, expect, it } from "vitest";
import check from "./default-sg-allows-traffic";
import { ACCOUNT, ctx } from "../fixtures";
import type { DefaultSecurityGroup, SecurityGroupRule } from "@/lib/aws/ec2/types";

const selfRef: SecurityGroupRule = {
  protocol: "-1",
  ipv4Ranges: [],
  ipv6Ranges: [],
  referencedGroupIds: ["sg-d"],
  prefixListIds: [],
};
const allOut: SecurityGroupRule = {
  protocol: "-1",
  ipv4Ranges: ["0.0.0.0/0"],
  ipv6Ranges: [],
  referencedGroupIds: [],
  prefixListIds: [],
};
const group = (p: Partial<DefaultSecurityGroup>): DefaultSecurityGroup => ({
  groupId: "sg-d",
  vpcId: "vpc-1",
  ownerId: ACCOUNT,
  ingress: [],
  egress: [],
  ...p,
});
const run = (groups: DefaultSecurityGroup[]) => check.evaluate(ctx({ defaultSecurityGroups: groups }, "us-east-1"));

describe("default_sg_allows_traffic", () => {
  it("fails the untouched default group (self-referencing inbound, all outbound)", () => {
    const [r] = run([group({ ingress: [selfRef], egress: [allOut] })]);
    expect(r).toMatchObject({
      resourceId: "arn:aws:ec2:us-east-1:111122223333:security-group/sg-d",
      resourceType: "AWS::EC2::SecurityGroup",
      status: "fail",
    });
    expect(r?.evidence).toMatchObject({ vpcId: "vpc-1", ingress: [selfRef], egress: [allOut] });
  });
  it("fails an outbound-only rule too", () => {
    expect(run([group({ egress: [allOut] })])[0]?.status).toBe("fail");
  });
  it("passes a default group with no rules", () => {
    expect(run([group({})])[0]?.status).toBe("pass");
  });
  it("leaves the default group of a VPC shared in from another account to its owner", () => {
    expect(run([group({ ownerId: "999988887777", egress: [allOut] })])[0]?.status).toBe("not_applicable");
    expect(run([])).toEqual([]);
  });
});
