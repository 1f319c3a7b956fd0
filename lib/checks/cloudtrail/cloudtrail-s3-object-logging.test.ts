import { describe, expect, it } from "vitest";
import type { TrailEventSelectors } from "@/lib/aws/cloudtrail/types";
import { ctx } from "../fixtures";
import read from "./cloudtrail-s3-object-read-logging-off";
import write from "./cloudtrail-s3-object-write-logging-off";
import { trail } from "./fixtures";

const basic = (readWriteType: "All" | "ReadOnly" | "WriteOnly", values: string[]): TrailEventSelectors => ({
  basic: [
    {
      readWriteType,
      includeManagementEvents: true,
      excludeManagementEventSources: [],
      dataResources: [{ type: "AWS::S3::Object", values }],
    },
  ],
  advanced: [],
});
const statuses = (eventSelectors: TrailEventSelectors, p = {}) =>
  [write, read].map((c) => c.evaluate(ctx({ cloudTrails: [trail({ eventSelectors, ...p })] }))[0]?.status);

describe("cloudtrail_s3_object_{write,read}_logging_off", () => {
  it("passes basic selectors on every bucket, per read/write type", () => {
    expect(statuses(basic("All", ["arn:aws:s3"]))).toEqual(["pass", "pass"]);
    expect(statuses(basic("WriteOnly", ["arn:aws:s3:::"]))).toEqual(["pass", "fail"]);
    expect(statuses(basic("ReadOnly", ["arn:aws:s3"]))).toEqual(["fail", "pass"]);
  });
  it("fails selectors on some buckets only, management events only, or a trail that is not logging", () => {
    expect(statuses(basic("All", ["arn:aws:s3:::payments/"]))).toEqual(["fail", "fail"]);
    expect(statuses({ basic: [], advanced: [] })).toEqual(["fail", "fail"]);
    expect(statuses(basic("All", ["arn:aws:s3"]), { isLogging: false })).toEqual(["fail", "fail"]);
  });
  it("reads advanced selectors, with a readOnly split and a bucket restriction", () => {
    const adv = (...fields: { field: string; equals?: string[]; startsWith?: string[] }[]): TrailEventSelectors => ({
      basic: [],
      advanced: [
        {
          fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            ...fields,
          ],
        },
      ],
    });
    expect(statuses(adv())).toEqual(["pass", "pass"]);
    expect(statuses(adv({ field: "readOnly", equals: ["false"] }))).toEqual(["pass", "fail"]);
    expect(statuses(adv({ field: "resources.ARN", startsWith: ["arn:aws:s3:::payments/"] }))).toEqual(["fail", "fail"]);
  });
});
