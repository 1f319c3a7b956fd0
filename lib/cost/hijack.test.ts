import { describe, expect, it } from "vitest";
import { hijackEvidence, isCompute, type HijackSignals } from "./hijack";

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
