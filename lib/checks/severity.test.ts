import { describe, expect, it } from "vitest";
import { effectiveSeverity } from "./severity";

describe("effectiveSeverity", () => {
  it("raises prod findings by the configured levels, capped at critical", () => {
    expect(effectiveSeverity("medium", "prod", 1)).toBe("high");
    expect(effectiveSeverity("low", "prod", 2)).toBe("high");
    expect(effectiveSeverity("high", "prod", 2)).toBe("critical");
    expect(effectiveSeverity("critical", "prod", 1)).toBe("critical");
  });
  it("leaves other environments, informational findings and a disabled rule alone", () => {
    expect(effectiveSeverity("medium", "staging", 1)).toBe("medium");
    expect(effectiveSeverity("informational", "prod", 2)).toBe("informational");
    expect(effectiveSeverity("medium", "prod", 0)).toBe("medium");
  });
});
