import { describe, expect, it } from "vitest";
import { hijackEvidence, hijackFindings, isCompute, type HijackIncidentRow, type HijackSignals } from "./hijack";

const EC2 = "Amazon Elastic Compute Cloud - Compute";
const signals: HijackSignals = { unusedRegions: ["ap-southeast-2"], threats: [] };
const incident = (lines: { service: string; usageType: string; region: string; delta: number }[]) => ({
  startDay: "2026-03-10",
  lastDay: "2026-03-12",
  rootCause: lines.map((l) => ({ ...l, amount: l.delta })),
});

describe("hijackEvidence", () => {
  it("flags compute spend in an unused region", () => {
    const e = hijackEvidence(
      incident([{ service: EC2, usageType: "APS2-BoxUsage:g5.12xlarge", region: "ap-southeast-2", delta: 1870 }]),
      signals,
    );
    expect(e).toEqual({
      computeInUnusedRegions: [{ region: "ap-southeast-2", usageType: "APS2-BoxUsage:g5.12xlarge", delta: 1870 }],
      coincidingThreats: [],
      coinciding: [],
    });
  });

  it("ignores compute in a used region, storage in an unused one and credits", () => {
    expect(
      hijackEvidence(
        incident([
          { service: EC2, usageType: "BoxUsage:r6i.8xlarge", region: "eu-west-1", delta: 900 },
          {
            service: "Amazon Simple Storage Service",
            usageType: "APS2-TimedStorage",
            region: "ap-southeast-2",
            delta: 40,
          },
          { service: EC2, usageType: "APS2-BoxUsage:p4d.24xlarge", region: "ap-southeast-2", delta: -300 },
        ]),
        signals,
      ),
    ).toBeNull();
    expect(hijackEvidence({ startDay: "2026-03-10", lastDay: "2026-03-10", rootCause: null }, signals)).toBeNull();
  });

  it("flags an incident within a day of a high GuardDuty finding, and not one further away", () => {
    const threat = { first: "2026-03-13", last: "2026-03-14", title: "CryptoCurrency:EC2/BitcoinTool.B!DNS" };
    const withThreat = { ...signals, threats: [threat] };
    expect(hijackEvidence(incident([]), withThreat)?.coincidingThreats).toEqual([threat.title]);
    const later = { ...signals, threats: [{ ...threat, first: "2026-03-14" }] };
    expect(hijackEvidence(incident([]), later)).toBeNull();
  });

  it("knows compute: EC2, Lambda, SageMaker and GPU families", () => {
    expect(isCompute({ service: "AWS Lambda", usageType: "Lambda-GB-Second" })).toBe(true);
    expect(isCompute({ service: "Amazon SageMaker", usageType: "ml.p3.2xlarge" })).toBe(true);
    expect(isCompute({ service: "Other", usageType: "USE1-BoxUsage:g4dn.xlarge" })).toBe(true);
    expect(isCompute({ service: "Amazon Simple Storage Service", usageType: "TimedStorage-ByteHrs" })).toBe(false);
  });
});

describe("hijackFindings", () => {
  const threat = {
    first: "2026-03-11",
    last: "2026-03-11",
    title: "CloudTrail: A CloudTrail trail was stopped",
    source: "cloudtrail" as const,
    principal: "arn:aws:iam::111122223333:user/ci",
  };
  const row = (over: Partial<HijackIncidentRow>): HijackIncidentRow => ({
    id: "i-total",
    service: "Total",
    startDay: "2026-03-10",
    endDay: null,
    lastDay: "2026-03-12",
    impact: 5610,
    impactPerDay: 1870,
    currency: "USD",
    verdict: null,
    verdictNote: null,
    verdictBy: null,
    labels: ["possible_hijack"],
    rootCause: {
      lines: [
        { service: EC2, usageType: "APS2-BoxUsage:g5.12xlarge", region: "ap-southeast-2", amount: 5610, delta: 5610 },
      ],
    },
    hijackEvidence: {
      computeInUnusedRegions: [{ region: "ap-southeast-2", usageType: "APS2-BoxUsage:g5.12xlarge", delta: 5610 }],
      coincidingThreats: [threat.title],
      coinciding: [threat],
    },
    ...over,
  });

  it("raises one open finding per start day, with the cost evidence and who to investigate", () => {
    const found = hijackFindings("111122223333", [
      row({}),
      row({ id: "i-ec2", service: EC2 }),
      row({ labels: [], startDay: "2026-01-02" }),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      resourceId: "cost-incident/2026-03-10",
      region: "ap-southeast-2",
      state: "open",
      evidence: {
        ongoing: true,
        impact: 5610,
        incidents: [{ id: "i-total" }, { id: "i-ec2" }],
        computeInUnusedRegions: [{ region: "ap-southeast-2" }],
        coincidingThreats: [threat.title],
        costsUrl: "/costs?account=111122223333&from=2026-02-24&to=2026-03-19",
        investigationUrl: "/investigate?q=arn%3Aaws%3Aiam%3A%3A111122223333%3Auser%2Fci",
      },
    });
    expect(found[0]!.evidence.computeInUnusedRegions).toHaveLength(1);
  });

  it("is dismissed once someone judged the spend, naming the verdict", () => {
    const [f] = hijackFindings("111122223333", [
      row({ verdict: "not_anomaly", verdictBy: "ana@example.com", verdictNote: "load test" }),
    ]);
    expect(f).toMatchObject({ state: "dismissed", note: "Spend marked not an anomaly by ana@example.com: load test" });
  });
});
