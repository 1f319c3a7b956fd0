import { describe, expect, it } from "vitest";
import withoutRole from "./ec2-instance-without-role";
import imds from "./ec2-imdsv1-allowed";
import unusedRegions from "./ec2-instances-in-unused-regions";
import webWithoutLb from "./internet-facing-service-without-lb";
import { instance } from "./fixtures";
import { ctx } from "../fixtures";
import { rule, sg } from "./fixtures";
import { defaultCheckSettings } from "../settings";
import type { Ec2Instance } from "@/lib/aws/ec2/types";

const REGION = "eu-west-1";
const arn = (id: string, region = REGION) => `arn:aws:ec2:${region}:111122223333:instance/${id}`;
const statuses = (rs: { status: string }[]) => rs.map((r) => r.status);

describe("ec2_instance_without_role", () => {
  const run = (instances: Ec2Instance[]) => withoutRole.evaluate(ctx({ ec2Instances: instances }, REGION));
  it("fails a running instance without a profile", () => {
    expect(run([instance("i-1")])).toEqual([
      {
        resourceId: arn("i-1"),
        resourceType: "AWS::EC2::Instance",
        status: "fail",
        evidence: { state: "running", instanceProfileArn: null },
      },
    ]);
  });
  it("passes a running instance with a profile", () => {
    const [r] = run([instance("i-1", { instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/app" })]);
    expect(r).toMatchObject({
      status: "pass",
      evidence: { instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/app" },
    });
  });
  it("does not judge a stopped instance, and has nothing to say without instances", () => {
    expect(statuses(run([instance("i-1", { state: "stopped" })]))).toEqual(["not_applicable"]);
    expect(run([])).toEqual([]);
  });
});

describe("ec2_imdsv1_allowed", () => {
  const run = (instances: Ec2Instance[]) => imds.evaluate(ctx({ ec2Instances: instances }, REGION));
  it("fails an instance that accepts IMDSv1, stopped ones too (they start that way)", () => {
    const rs = run([
      instance("i-1", { metadataOptions: { httpTokens: "optional", httpEndpoint: "enabled" } }),
      instance("i-2", { state: "stopped", metadataOptions: { httpTokens: "optional", httpEndpoint: "enabled" } }),
    ]);
    expect(statuses(rs)).toEqual(["fail", "fail"]);
    expect(rs[0]).toMatchObject({
      resourceId: arn("i-1"),
      evidence: { httpTokens: "optional", httpEndpoint: "enabled" },
    });
  });
  it("passes required tokens, and a disabled metadata endpoint", () => {
    const rs = run([
      instance("i-1"),
      instance("i-2", { metadataOptions: { httpTokens: "optional", httpEndpoint: "disabled" } }),
    ]);
    expect(statuses(rs)).toEqual(["pass", "pass"]);
  });
  it("does not guess when the metadata options were not reported", () => {
    expect(statuses(run([instance("i-1", { metadataOptions: undefined })]))).toEqual(["not_applicable"]);
    expect(run([])).toEqual([]);
  });
});

describe("ec2_instances_in_unused_regions", () => {
  const settings = { ...defaultCheckSettings, unusedRegions: ["ap-east-1"] };
  const run = (region: string, instances: Ec2Instance[]) =>
    unusedRegions.evaluate(ctx({ ec2Instances: instances }, region, { settings }));
  it("fails each running instance in an unused region", () => {
    const rs = run("ap-east-1", [
      instance("i-1", { publicIp: "203.0.113.9" }),
      instance("i-2", { state: "pending" }),
      instance("i-3", { state: "stopped" }),
    ]);
    expect(rs.map((r) => [r.resourceId, r.status])).toEqual([
      [arn("i-1", "ap-east-1"), "fail"],
      [arn("i-2", "ap-east-1"), "fail"],
    ]);
    expect(rs[0]?.evidence).toMatchObject({ region: "ap-east-1", publicIp: "203.0.113.9" });
  });
  it("passes an unused region with nothing running", () => {
    expect(run("ap-east-1", [instance("i-3", { state: "stopped" })])).toEqual([
      {
        resourceId: "111122223333/ap-east-1/ec2-instances",
        resourceType: "AWS::::Account",
        status: "pass",
        evidence: { region: "ap-east-1", runningInstances: 0, stoppedInstances: 1 },
      },
    ]);
  });
  it("is not applicable in a region the organization uses", () => {
    expect(statuses(run(REGION, [instance("i-1")]))).toEqual(["not_applicable"]);
  });
});

describe("internet_facing_service_without_lb", () => {
  const groups = [
    sg("sg-web", [
      rule({ fromPort: 443, toPort: 443, ipv4Ranges: ["0.0.0.0/0"] }),
      rule({ fromPort: 8080, toPort: 8080, ipv6Ranges: ["::/0"] }),
    ]),
    sg("sg-ssh", [rule({ fromPort: 22, toPort: 22, ipv4Ranges: ["0.0.0.0/0"] })]),
    sg("sg-alb", [rule({ fromPort: 443, toPort: 443, ipv4Ranges: ["10.0.0.0/16"] })]),
  ];
  const run = (instances: Ec2Instance[]) =>
    webWithoutLb.evaluate(ctx({ ec2Instances: instances, securityGroups: groups }, REGION));
  it("fails a public instance whose group opens web ports to the world, naming the ports", () => {
    const [r] = run([instance("i-1", { publicIp: "203.0.113.9", securityGroupIds: ["sg-ssh", "sg-web"] })]);
    expect(r).toMatchObject({
      resourceId: arn("i-1"),
      status: "fail",
      evidence: { publicIp: "203.0.113.9", worldOpenWebPorts: [{ groupId: "sg-web", ports: [443, 8080] }] },
    });
  });
  it("passes a private instance behind such a group, and a public one reachable only from the load balancer", () => {
    const rs = run([
      instance("i-1", { securityGroupIds: ["sg-web"] }),
      instance("i-2", { publicIp: "203.0.113.9", securityGroupIds: ["sg-alb", "sg-ssh"] }),
    ]);
    expect(statuses(rs)).toEqual(["pass", "pass"]);
  });
  it("does not judge stopped instances, nor pass a public one whose group it could not see", () => {
    const rs = run([
      instance("i-1", { state: "stopped", publicIp: "203.0.113.9", securityGroupIds: ["sg-web"] }),
      instance("i-2", { publicIp: "203.0.113.9", securityGroupIds: ["sg-alb", "sg-gone"] }),
    ]);
    expect(statuses(rs)).toEqual(["not_applicable", "not_applicable"]);
    expect(rs[1]?.evidence.unseenGroups).toEqual(["sg-gone"]);
  });
});
