import { describe, expect, it } from "vitest";
import type { TrailEvent } from "@/lib/domain/activity";
import { evaluateActivity } from "./rules";
import { canaryLookStart, canaryUses, scannerOf } from "./canary";

const ev = (over: Partial<TrailEvent>): TrailEvent => ({
  id: over.id ?? "e",
  time: new Date("2026-12-07T10:00:00Z"),
  name: "ListBuckets",
  source: "s3.amazonaws.com",
  region: "eu-west-1",
  principalArn: "arn:aws:iam::111122223333:user/dev",
  principalType: "IAMUser",
  userAgent: "aws-cli/2.15",
  ...over,
});
const ctx = {
  unusedRegions: new Set(["ap-southeast-3"]),
  knownSesCallers: new Set(["arn:aws:iam::111122223333:role/mailer", "Boto3/1.34"]),
};
const ids = (events: TrailEvent[], settings = {}) => evaluateActivity(events, ctx, settings).map((h) => h.rule.id);

describe("risky activity rules", () => {
  it("flags trail tampering, GuardDuty suspension, root use and new credentials", () => {
    expect(ids([ev({ name: "StopLogging", source: "cloudtrail.amazonaws.com" })])).toEqual([
      "cloudtrail_trail_tampered",
    ]);
    expect(
      ids([ev({ name: "UpdateDetector", source: "guardduty.amazonaws.com", requestParameters: { enable: false } })]),
    ).toEqual(["guardduty_detector_disabled"]);
    expect(
      ids([ev({ name: "UpdateDetector", source: "guardduty.amazonaws.com", requestParameters: { enable: true } })]),
    ).toEqual([]);
    expect(ids([ev({ name: "ConsoleLogin", source: "signin.amazonaws.com", principalType: "Root" })])).toEqual([
      "root_user_activity",
    ]);
    expect(ids([ev({ name: "CreateAccessKey", source: "iam.amazonaws.com" })])).toEqual(["iam_credentials_created"]);
    expect(ids([ev({ name: "CreateAccessKey", source: "iam.amazonaws.com", errorCode: "AccessDenied" })])).toEqual([]);
  });

  it("flags admin policies, public buckets and security groups open to the world, not their safe twins", () => {
    const attach = (arn: string) =>
      ev({ name: "AttachUserPolicy", source: "iam.amazonaws.com", requestParameters: { policyArn: arn } });
    expect(ids([attach("arn:aws:iam::aws:policy/AdministratorAccess")])).toEqual(["iam_admin_policy_attached"]);
    expect(ids([attach("arn:aws:iam::aws:policy/ReadOnlyAccess")])).toEqual([]);
    const policy = (p: string) => ev({ name: "PutBucketPolicy", requestParameters: { bucketPolicy: JSON.parse(p) } });
    expect(ids([policy('{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}')])).toEqual([
      "s3_bucket_made_public",
    ]);
    expect(ids([policy('{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"}}]}')])).toEqual([]);
    const sg = (cidr: Record<string, unknown>) =>
      ev({
        name: "AuthorizeSecurityGroupIngress",
        source: "ec2.amazonaws.com",
        requestParameters: { ipPermissions: { items: [cidr] } },
      });
    expect(ids([sg({ ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } })])).toEqual([
      "ec2_security_group_opened_to_world",
    ]);
    expect(ids([sg({ ipv6Ranges: { items: [{ cidrIpv6: "::/0" }] } })])).toEqual([
      "ec2_security_group_opened_to_world",
    ]);
    expect(ids([sg({ ipRanges: { items: [{ cidrIp: "10.0.0.0/8" }] } })])).toEqual([]);
  });

  it("flags SES calls from a new principal or agent, and any call in an unused region", () => {
    const ses = (over: Partial<TrailEvent>) => ev({ name: "GetSendQuota", source: "ses.amazonaws.com", ...over });
    expect(ids([ses({ principalArn: "arn:aws:iam::111122223333:role/mailer", userAgent: "Boto3/1.34" })])).toEqual([]);
    expect(ids([ses({})])).toEqual(["ses_new_caller"]);
    expect(ids([ev({ region: "ap-southeast-3" })])).toEqual(["activity_in_unused_region"]);
    expect(ids([ev({ region: "ap-southeast-3", principalType: "AWSService" })])).toEqual([]);
  });

  it("follows the settings: a rule off, a severity changed", () => {
    const e = ev({ name: "CreateUser", source: "iam.amazonaws.com" });
    expect(ids([e], { iam_credentials_created: { enabled: false } })).toEqual([]);
    expect(
      evaluateActivity([e], ctx, { iam_credentials_created: { enabled: true, severity: "critical" } })[0]?.severity,
    ).toBe("critical");
  });
});

describe("canary events", () => {
  it("labels a known scanner's GetCallerIdentity, and only that", () => {
    expect(scannerOf(ev({ name: "GetCallerIdentity", source: "sts.amazonaws.com", userAgent: "TruffleHog" }))).toBe(
      "TruffleHog",
    );
    expect(
      scannerOf(ev({ name: "GetCallerIdentity", source: "sts.amazonaws.com", userAgent: "aws-cli/2" })),
    ).toBeNull();
    expect(scannerOf(ev({ name: "ListBuckets", userAgent: "TruffleHog" }))).toBeNull();
  });
  it("keeps only the canary key's events", () => {
    const uses = canaryUses("AKIA1", [ev({ id: "a", accessKeyId: "AKIA1" }), ev({ id: "b", accessKeyId: "AKIA2" })]);
    expect(uses.map((u) => u.id)).toEqual(["a"]);
  });
  it("starts each look a lookback before the last one ended, never past 90 days", () => {
    const now = new Date("2026-12-07T12:00:00Z");
    expect(canaryLookStart({ checkedUntil: new Date("2026-12-07T11:55:00Z"), createdAt: now }, now).toISOString()).toBe(
      "2026-12-07T11:35:00.000Z",
    );
    expect(canaryLookStart({ checkedUntil: null, createdAt: new Date("2026-01-01T00:00:00Z") }, now).getTime()).toBe(
      now.getTime() - 90 * 86_400_000,
    );
  });
});
