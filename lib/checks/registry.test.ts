import { describe, expect, it } from "vitest";
import { checks } from "./registry";

describe("check registry", () => {
  it("has unique snake_case ids", () => {
    const ids = checks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(_[a-z0-9]+)+$/);
  });

  it("gives every check what a user needs to act on it", () => {
    for (const c of checks) {
      expect(c.title.length, c.id).toBeGreaterThan(10);
      expect(c.description.length, c.id).toBeGreaterThan(40);
      expect(c.remediation.steps.length, c.id).toBeGreaterThan(0);
      expect(c.remediation.cli, c.id).toBeTruthy();
      expect(c.remediation.terraform, c.id).toBeTruthy();
      expect(c.requires.length, c.id).toBeGreaterThan(0);
    }
  });
});
