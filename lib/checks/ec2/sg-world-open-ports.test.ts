import { describe, expect, it } from "vitest";
import rdp from "./sg-world-open-rdp";
import db from "./sg-world-open-db-ports";
import all from "./sg-world-open-all-ports";
import { ctx } from "../fixtures";
import { rule, sg } from "./fixtures";

const run = (check: typeof rdp, groups: ReturnType<typeof sg>[]) =>
  check.evaluate(ctx({ securityGroups: groups }, "eu-west-1"));
const world = { ipv4Ranges: ["0.0.0.0/0"] };

describe("sg_world_open_rdp", () => {
  it("fails 3389 from 0.0.0.0/0, from ::/0, and a range spanning it", () => {
    const results = run(rdp, [
      sg("sg-a", [rule({ fromPort: 3389, toPort: 3389, ...world })]),
      sg("sg-b", [rule({ fromPort: 3389, toPort: 3389, ipv6Ranges: ["::/0"] })]),
      sg("sg-c", [rule({ fromPort: 3000, toPort: 4000, ...world })]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fail", "fail", "fail"]);
    expect(results[0]).toMatchObject({
      resourceId: "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-a",
      resourceType: "AWS::EC2::SecurityGroup",
    });
    expect(results[0]?.evidence.openRules).toHaveLength(1);
  });
  it("passes RDP from a private range, SSH from the world, and UDP 3389", () => {
    const results = run(rdp, [
      sg("sg-a", [rule({ fromPort: 3389, toPort: 3389, ipv4Ranges: ["10.0.0.0/8"] })]),
      sg("sg-b", [rule({ fromPort: 22, toPort: 22, ...world })]),
      sg("sg-c", [rule({ protocol: "udp", fromPort: 3389, toPort: 3389, ...world })]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["pass", "pass", "pass"]);
  });
  it("has nothing to say without security groups", () => {
    expect(run(rdp, [])).toEqual([]);
  });
});

describe("sg_world_open_db_ports", () => {
  it("fails and names each database port open to the world", () => {
    const [r] = run(db, [
      sg("sg-a", [
        rule({ fromPort: 5432, toPort: 5432, ...world }),
        rule({ fromPort: 6000, toPort: 6400, ipv6Ranges: ["::/0"] }),
        rule({ fromPort: 443, toPort: 443, ...world }),
      ]),
    ]);
    expect(r?.status).toBe("fail");
    expect(r?.evidence.openPorts).toEqual([
      { port: 5432, service: "PostgreSQL" },
      { port: 6379, service: "Redis" },
    ]);
    expect(r?.evidence.openRules).toHaveLength(2);
  });
  it("fails every port when all traffic is open", () => {
    const [r] = run(db, [sg("sg-a", [rule({ protocol: "-1", ...world })])]);
    expect((r?.evidence.openPorts as unknown[]).length).toBe(6);
  });
  it("passes database ports from private ranges and web ports from the world", () => {
    const results = run(db, [
      sg("sg-a", [rule({ fromPort: 3306, toPort: 3306, ipv4Ranges: ["10.0.0.0/16"] })]),
      sg("sg-b", [rule({ fromPort: 443, toPort: 443, ...world }), rule({ fromPort: 80, toPort: 80, ...world })]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
    expect(results[0]?.evidence.openPorts).toEqual([]);
  });
  it("has nothing to say without security groups", () => {
    expect(run(db, [])).toEqual([]);
  });
});

describe("sg_world_open_all_ports", () => {
  it("fails all protocols and the whole TCP range from the world", () => {
    const results = run(all, [
      sg("sg-a", [rule({ protocol: "-1", ...world })]),
      sg("sg-b", [rule({ fromPort: 0, toPort: 65535, ipv6Ranges: ["::/0"] })]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fail", "fail"]);
    expect(results[0]?.evidence.openRules).toEqual([rule({ protocol: "-1", ...world })]);
  });
  it("passes wide but not complete ranges, and all traffic from a private range", () => {
    const results = run(all, [
      sg("sg-a", [rule({ fromPort: 1024, toPort: 65535, ...world })]),
      sg("sg-b", [rule({ protocol: "-1", ipv4Ranges: ["10.0.0.0/8"] })]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });
  it("has nothing to say without security groups", () => {
    expect(run(all, [])).toEqual([]);
  });
});
