import { describe, expect, it } from "vitest";
import { transitionLabel } from "./timeline";

describe("transitionLabel", () => {
  it.each([
    [null, "NEW", "detected"],
    [null, "SUPPRESSED", "detected, suppressed by a rule"],
    ["NEW", "RESOLVED", "resolved"],
    ["ACKNOWLEDGED", "RESOLVED", "resolved"],
    ["RESOLVED", "NEW", "reopened"],
    ["NEW", "SUPPRESSED", "suppressed"],
    ["SUPPRESSED", "NEW", "suppression ended"],
    ["NEW", "ACKNOWLEDGED", "acknowledged"],
    ["RESOLVED", "ACKNOWLEDGED", "reopened, acknowledged"],
    ["ACKNOWLEDGED", "NEW", "set back to new"],
  ] as const)("%s → %s reads %s", (from, to, label) => {
    expect(transitionLabel(from, to)).toBe(label);
  });
});
