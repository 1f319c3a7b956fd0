import { describe, expect, it } from "vitest";
import {
  conditionVerdict,
  coversAction,
  coversResource,
  familyCoverage,
  globMatches,
  isAllowed,
} from "./policy-matcher";

describe("globMatches", () => {
  it("spans colons and slashes with *, one character with ?, and escapes the rest", () => {
    expect(globMatches("arn:aws:iam::*:user/*", "arn:aws:iam::111122223333:user/a/b")).toBe(true);
    expect(globMatches("arn:aws:s3:::b?", "arn:aws:s3:::bx")).toBe(true);
    expect(globMatches("arn:aws:s3:::b.c", "arn:aws:s3:::bxc")).toBe(false);
    expect(globMatches("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket")).toBe(false);
  });
});

describe("familyCoverage", () => {
  const users = "arn:aws:iam::111122223333:user/";
  it("tells all, many and few resources of a family apart", () => {
    expect(familyCoverage("*", users)).toBe("all");
    expect(familyCoverage("arn:aws:iam::*:user/*", users)).toBe("all");
    expect(familyCoverage("arn:*:iam::*:*", users)).toBe("all");
    expect(familyCoverage("arn:aws:iam::111122223333:user/dev-*", users)).toBe("many");
    expect(familyCoverage("arn:aws:iam::111122223333:user/alice", users)).toBe("few");
    expect(familyCoverage("arn:aws:iam::*:user/alice", users)).toBe("few");
    expect(familyCoverage("arn:aws:iam::111122223333:role/*", users)).toBe("few");
    expect(familyCoverage("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/")).toBe("all");
    expect(familyCoverage("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket/")).toBe("all");
    expect(familyCoverage("arn:aws:s3:::bucket/public/*", "arn:aws:s3:::bucket/")).toBe("many");
    expect(familyCoverage("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/")).toBe("few");
  });
});

describe("statement coverage", () => {
  it("reads Action/NotAction and Resource/NotResource", () => {
    const s = { effect: "Allow" as const, notActions: ["iam:*"], notResources: ["arn:aws:s3:::secret/*"] };
    expect(coversAction(s, "s3:GetObject")).toBe(true);
    expect(coversAction(s, "IAM:PassRole")).toBe(false);
    expect(coversResource(s, "arn:aws:s3:::public/x")).toBe(true);
    expect(coversResource(s, "arn:aws:s3:::secret/x")).toBe(false);
    expect(coversAction({ effect: "Allow", actions: [], notActions: [] }, "s3:GetObject")).toBe(false);
  });
});

describe("conditionVerdict", () => {
  it("evaluates known keys, narrows on target keys and lets the caller meet the rest", () => {
    const passed = { "iam:PassedToService": ["ec2.amazonaws.com"] };
    const onlyEc2 = { effect: "Allow" as const, condition: { StringLike: { "iam:PassedToService": ["ec2.*"] } } };
    expect(conditionVerdict(onlyEc2, passed)).toBe("met");
    expect(conditionVerdict(onlyEc2, { "iam:PassedToService": ["lambda.amazonaws.com"] })).toBe("unmet");
    expect(conditionVerdict(onlyEc2)).toBe("narrowing");
    const notEc2 = {
      effect: "Allow" as const,
      condition: { StringNotEquals: { "iam:PassedToService": ["ec2.amazonaws.com"] } },
    };
    expect(conditionVerdict(notEc2, passed)).toBe("unmet");
    expect(conditionVerdict({ effect: "Allow", condition: { Bool: { "aws:MultiFactorAuthPresent": ["true"] } } })).toBe(
      "free",
    );
    expect(conditionVerdict({ effect: "Allow", condition: { StringLike: { "aws:ResourceTag/team": ["*"] } } })).toBe(
      "free",
    );
    expect(conditionVerdict({ effect: "Allow" })).toBe("met");
  });
  it("lets a Deny count only when its conditions surely hold", () => {
    const doc = [
      { effect: "Allow" as const, actions: ["s3:*"], resources: ["*"] },
      {
        effect: "Deny" as const,
        actions: ["s3:*"],
        resources: ["*"],
        condition: { Bool: { "aws:SecureTransport": ["false"] } },
      },
    ];
    const req = { action: "s3:GetObject", resource: "arn:aws:s3:::b/k" };
    expect(isAllowed(doc, req)).toBe(true);
    expect(isAllowed(doc, { ...req, context: { "aws:SecureTransport": ["false"] } })).toBe(false);
  });
});
