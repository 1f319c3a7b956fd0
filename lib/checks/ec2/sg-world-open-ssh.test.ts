import { describe, expect, it } from "vitest";
import check from "./sg-world-open-ssh";
import { ctx } from "../fixtures";
import { rule, sg } from "./fixtures";

const run = (groups: ReturnType<typeof sg>[]) => check.evaluate(ctx({ securityGroups: groups }, "eu-west-1"));

describe("sg_world_open_ssh", () => {
  it("fails a group open to 0.0.0.0/0 on 22, and one open on every protocol", () => {
    const results = run([
      sg("sg-a", [rule({ fromPort: 22, toPort: 22, ipv4Ranges: ["0.0.0.0/0"] })]),
      sg("sg-b", [rule({ protocol: "-1", ipv6Ranges: ["::/0"] })]),
      sg("sg-c", [rule({ fromPort: 0, toPort: 1024, ipv4Ranges: ["0.0.0.0/0"] })]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fail", "fail", "fail"]);
    expect(results[0]?.resourceId).toBe("arn:aws:ec2:eu-west-1:111122223333:security-group/sg-a");
    expect(results[0]?.evidence.openRules).toHaveLength(1);
  });

  it("fails ::/0 written out in full, on IPv6 alone", () => {
    const results = run([
      sg("sg-a", [rule({ fromPort: 22, toPort: 22, ipv6Ranges: ["0:0:0:0:0:0:0:0/0"] })]),
      sg("sg-b", [rule({ fromPort: 22, toPort: 22, ipv6Ranges: ["0::/0"] })]),
      sg("sg-c", [rule({ fromPort: 22, toPort: 22, ipv6Ranges: ["2001:db8::/32"] })]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fail", "fail", "pass"]);
  });

  it("passes SSH from a private range, other ports from the world, and UDP 22", () => {
    const results = run([
      sg("sg-a", [rule({ fromPort: 22, toPort: 22, ipv4Ranges: ["10.0.0.0/8"] })]),
      sg("sg-b", [rule({ fromPort: 443, toPort: 443, ipv4Ranges: ["0.0.0.0/0"] })]),
      sg("sg-c", [rule({ protocol: "udp", fromPort: 22, toPort: 22, ipv4Ranges: ["0.0.0.0/0"] })]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["pass", "pass", "pass"]);
  });

  it("has nothing to say in a region without security groups", () => {
    expect(run([])).toEqual([]);
  });
});
