import { describe, expect, it } from "vitest";
import { findingId } from "./finding-id";

const base = {
  checkId: "s3_bucket_public",
  accountId: "111122223333",
  region: "global",
  resourceId: "arn:aws:s3:::logs",
};

describe("findingId", () => {
  it("is stable for the same identity", () => {
    expect(findingId(base)).toBe(findingId({ ...base }));
    expect(findingId(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("differs when any part differs", () => {
    const ids = new Set([
      findingId(base),
      findingId({ ...base, checkId: "s3_bucket_versioning_off" }),
      findingId({ ...base, accountId: "111122224444" }),
      findingId({ ...base, region: "eu-west-1" }),
      findingId({ ...base, resourceId: "arn:aws:s3:::logs2" }),
    ]);
    expect(ids.size).toBe(5);
  });

  it("cannot be confused by separators inside parts", () => {
    expect(findingId({ ...base, checkId: "a|b", accountId: "c" })).not.toBe(
      findingId({ ...base, checkId: "a", accountId: "b|c" }),
    );
  });
});
