import { describe, expect, it } from "vitest";
import check from "./alb-invalid-headers-not-dropped";
import { ctx } from "../fixtures";
import { alb, REGION } from "./fixtures";
import type { LoadBalancer } from "@/lib/aws/elbv2/types";

const KEY = "routing.http.drop_invalid_header_fields.enabled";
const run = (lbs: LoadBalancer[]) => check.evaluate(ctx({ elbv2LoadBalancers: lbs }, REGION));

describe("alb_invalid_headers_not_dropped", () => {
  it("passes an ALB that drops invalid header fields", () => {
    expect(run([alb("web", { [KEY]: "true", "idle_timeout.timeout_seconds": "60" })])[0]).toMatchObject({
      status: "pass",
      resourceType: "AWS::ElasticLoadBalancingV2::LoadBalancer",
    });
  });

  it("fails when the attribute is false, and when it is absent (AWS's default is false)", () => {
    const results = run([alb("off", { [KEY]: "false" }), alb("unset", {})]);
    expect(results.map((r) => r.status)).toEqual(["fail", "fail"]);
    expect(results[0]?.evidence[KEY]).toBe("false");
    expect(results[1]?.evidence[KEY]).toMatch(/not set/);
  });

  it("ignores network load balancers and ALBs whose attributes were not read", () => {
    expect(run([alb("nlb", undefined, "network"), alb("unread", undefined)])).toEqual([]);
  });
});
