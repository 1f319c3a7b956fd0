import { describe, expect, it } from "vitest";
import { ctx } from "../fixtures";
import { rule, sg } from "./fixtures";
import check from "./sg-world-open-cifs";

const run = (groups: ReturnType<typeof sg>[]) => check.evaluate(ctx({ securityGroups: groups }, "eu-west-1"));

describe("sg_world_open_cifs", () => {
  it("fails 445 from 0.0.0.0/0 or ::/0, and every protocol from the world", () => {
    const results = run([
      sg("sg-a", [rule({ fromPort: 445, toPort: 445, ipv4Ranges: ["0.0.0.0/0"] })]),
      sg("sg-b", [rule({ fromPort: 445, toPort: 445, ipv6Ranges: ["::/0"] })]),
      sg("sg-c", [rule({ protocol: "-1", ipv4Ranges: ["0.0.0.0/0"] })]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fail", "fail", "fail"]);
  });
  it("passes 445 from a private range, and other ports from the world", () => {
    const results = run([
      sg("sg-a", [rule({ fromPort: 445, toPort: 445, ipv4Ranges: ["10.0.0.0/8"] })]),
      sg("sg-b", [rule({ fromPort: 443, toPort: 443, ipv4Ranges: ["0.0.0.0/0"] })]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });
});
