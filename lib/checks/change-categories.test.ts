import { describe, expect, it } from "vitest";
import { activityRules } from "@/lib/activity/rules";
import { allChecks } from "./registry";
import { categoryChecks, categoryOf } from "@/lib/domain/changes";

describe("change categories", () => {
  it("name only checks and activity rules that exist", () => {
    const known = new Set([...allChecks.map((c) => c.id), ...activityRules.map((r) => r.id)]);
    expect(categoryChecks.filter((id) => !known.has(id))).toEqual([]);
  });

  it("put each check in one category", () => {
    expect(categoryOf("sg_world_open_ssh")).toBe("world-open");
    expect(categoryOf("s3_bucket_made_public")).toBe("public-buckets");
    expect(categoryOf("iam_password_policy_weak")).toBeNull();
    expect(new Set(categoryChecks).size).toBe(categoryChecks.length);
  });
});
