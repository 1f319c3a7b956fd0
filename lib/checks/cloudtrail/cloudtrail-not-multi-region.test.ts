import { describe, expect, it } from "vitest";
import check from "./cloudtrail-not-multi-region";
import { ACCOUNT, ctx } from "../fixtures";
import { evaluateUnit } from "../evaluate";
import { trail } from "./fixtures";
import type { BasicEventSelector } from "@/lib/aws/cloudtrail/types";

describe("cloudtrail_not_multi_region", () => {
  it("passes with a logging multi-region trail, including an organization trail owned elsewhere", () => {
    expect(check.evaluate(ctx({ cloudTrails: [trail()] }))[0]).toMatchObject({
      resourceId: `${ACCOUNT}/cloudtrail`,
      status: "pass",
    });
    const org = trail({ name: "org", ownerAccountId: "999988887777", isOrganizationTrail: true });
    expect(check.evaluate(ctx({ cloudTrails: [org] }))[0]?.evidence.multiRegionLoggingTrails).toEqual([org.arn]);
  });
  it("fails with no trail, a single-region trail, a stopped one, or one whose status is unknown", () => {
    for (const trails of [
      [],
      [trail({ isMultiRegion: false })],
      [trail({ isLogging: false })],
      [trail({ isLogging: null })],
    ]) {
      expect(check.evaluate(ctx({ cloudTrails: trails }))[0]?.status, JSON.stringify(trails)).toBe("fail");
    }
  });
  it("fails a multi-region trail that logs no management events, or only some (issue 22, case 3)", () => {
    const basic = (p: Partial<BasicEventSelector>): BasicEventSelector => ({
      readWriteType: "All",
      includeManagementEvents: true,
      excludeManagementEventSources: [],
      dataResources: [],
      ...p,
    });
    const dataOnly = basic({
      includeManagementEvents: false,
      dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
    });
    for (const eventSelectors of [
      { basic: [dataOnly], advanced: [] },
      { basic: [basic({ readWriteType: "WriteOnly" })], advanced: [] },
      { basic: [basic({ excludeManagementEventSources: ["iam.amazonaws.com"] })], advanced: [] },
      { basic: [], advanced: [] },
      { basic: [], advanced: [{ name: "s3", fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }] }] },
      {
        basic: [],
        advanced: [
          {
            fieldSelectors: [
              { field: "eventCategory", equals: ["Management"] },
              { field: "readOnly", equals: ["true"] },
            ],
          },
        ],
      },
      {
        basic: [],
        advanced: [
          {
            fieldSelectors: [
              { field: "eventCategory", equals: ["Management"] },
              { field: "eventSource", equals: ["s3.amazonaws.com"] },
            ],
          },
        ],
      },
      null,
    ]) {
      const r = check.evaluate(ctx({ cloudTrails: [trail({ eventSelectors })] }))[0];
      expect(r?.status, JSON.stringify(eventSelectors)).toBe("fail");
    }
  });
  it("passes management events recorded by advanced selectors, split or whole, with kms left out (near misses)", () => {
    const mgmt = (readOnly?: string) => ({
      fieldSelectors: [
        { field: "eventCategory", equals: ["Management"] },
        ...(readOnly ? [{ field: "readOnly", equals: [readOnly] }] : []),
      ],
    });
    for (const advanced of [
      [mgmt()],
      [mgmt("true"), mgmt("false")],
      [
        {
          fieldSelectors: [
            { field: "eventCategory", equals: ["Management"] },
            { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
          ],
        },
      ],
    ]) {
      const r = check.evaluate(ctx({ cloudTrails: [trail({ eventSelectors: { basic: [], advanced } })] }))[0];
      expect(r?.status, JSON.stringify(advanced)).toBe("pass");
    }
    const kmsOut = {
      readWriteType: "All" as const,
      includeManagementEvents: true,
      excludeManagementEventSources: ["kms.amazonaws.com"],
      dataResources: [],
    };
    const r = check.evaluate(ctx({ cloudTrails: [trail({ eventSelectors: { basic: [kmsOut], advanced: [] } })] }))[0];
    expect(r?.status).toBe("pass");
  });
  it("is not evaluated when trails could not be read", () => {
    expect(evaluateUnit([check], ctx({}))).toEqual([]);
  });
});
