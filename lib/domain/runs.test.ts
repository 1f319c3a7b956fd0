import { describe, expect, it } from "vitest";
import { runStatuses } from "./vocabulary";
import { cancellable } from "./runs";

describe("cancellable", () => {
  it("is true for runs that have not ended or were given up as stuck, and for no other", () => {
    expect(runStatuses.filter(cancellable)).toEqual(["queued", "running", "stuck"]);
  });
});
