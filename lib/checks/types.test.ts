import { describe, expect, expectTypeOf, it } from "vitest";
import type { SecurityGroup, Vpc } from "@/lib/aws/ec2/types";
import type { S3AccountPublicAccessBlock } from "@/lib/aws/s3/types";
import type { CloudTrailTrail } from "@/lib/aws/cloudtrail/types";
import { defineCheck, defineOrgCheck, type CheckMeta, type CheckResult } from "./types";

// What these tests assert is checked by the type checker (tsc --noEmit covers test files): an
// unused @ts-expect-error is itself an error, so each line below must stay a type error.

const meta: Omit<CheckMeta, "scope" | "requires"> = {
  id: "test_typed_requirements",
  title: "A check that only exists in this test",
  description: "Declares inventory keys so that the types of its evaluate can be checked.",
  severity: "low",
  service: "ec2",
  frameworks: [],
  remediation: { steps: ["None."] },
};
const none: CheckResult[] = [];

describe("typed check requirements", () => {
  it("give evaluate exactly the declared keys, typed and not optional", () => {
    const check = defineCheck({
      ...meta,
      scope: "regional",
      requires: ["securityGroups", "vpcs"],
      evaluate: ({ inventory }) => {
        expectTypeOf(inventory.securityGroups).toEqualTypeOf<SecurityGroup[]>();
        expectTypeOf(inventory.vpcs).toEqualTypeOf<Vpc[]>();
        // @ts-expect-error: flowLogs was not declared in requires.
        void inventory.flowLogs;
        return none;
      },
    });
    expectTypeOf(check.requires).toEqualTypeOf<readonly ("securityGroups" | "vpcs")[]>();
    expect(check.requires).toEqual(["securityGroups", "vpcs"]);
  });

  it("refuse a key the inventory does not have", () => {
    defineCheck({
      ...meta,
      scope: "global",
      // @ts-expect-error: not an inventory key.
      requires: ["iamUsers"],
      evaluate: () => none,
    });
  });

  it("type optional keys as possibly absent", () => {
    defineCheck({
      ...meta,
      scope: "global",
      requires: ["s3Buckets"],
      optional: ["s3AccountPublicAccessBlock"],
      evaluate: ({ inventory }) => {
        expectTypeOf(inventory.s3AccountPublicAccessBlock).toEqualTypeOf<S3AccountPublicAccessBlock | undefined>();
        // @ts-expect-error: an optional key may be absent.
        void inventory.s3AccountPublicAccessBlock.configured;
        return none;
      },
    });
  });

  it("refuse to evaluate a check with an inventory missing a declared key", () => {
    const check = defineCheck({ ...meta, scope: "regional", requires: ["vpcs", "flowLogs"], evaluate: () => none });
    const unit = { accountId: "1", region: "eu-west-1", partition: "aws", environment: "dev" } as const;
    const settings = {} as Parameters<typeof check.evaluate>[0]["settings"];
    // @ts-expect-error: flowLogs is missing.
    check.evaluate({ ...unit, settings, inventory: { vpcs: [] } });
    expect(check.evaluate({ ...unit, settings, inventory: { vpcs: [], flowLogs: [] } })).toEqual([]);
  });

  it("give organization-wide checks each unit's declared keys, or null where they were not read", () => {
    defineOrgCheck({
      ...meta,
      scope: "organization",
      requires: ["vpcs", "cloudTrails"],
      evaluate: ({ accounts }) => {
        for (const a of accounts) {
          expectTypeOf(a.global).toEqualTypeOf<{
            cloudTrails: CloudTrailTrail[];
          } | null>();
          for (const inv of Object.values(a.regions)) {
            expectTypeOf(inv).toEqualTypeOf<{ vpcs: Vpc[] } | null>();
            // @ts-expect-error: securityGroups was not declared.
            void inv?.securityGroups;
          }
        }
        return [];
      },
    });
  });
});
