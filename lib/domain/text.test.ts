import { describe, expect, it } from "vitest";
import { isSafeText, optionalText, safeText } from "./text";

describe("safeText", () => {
  const name = safeText({ max: 10, min: 1 });

  it("accepts ordinary text, trimmed, in any script", () => {
    expect(name.parse("  Team A ")).toBe("Team A");
    expect(name.parse("Équipe 🔒")).toBe("Équipe 🔒");
  });

  it.each([
    ["NUL", "a\u0000b"],
    ["a lone high surrogate", "a\ud800b"],
    ["a lone low surrogate", "\udc00"],
    ["a newline in a single-line field", "a\nb"],
    ["escape", "a\u001b[31m"],
    ["DEL", "a\u007f"],
    ["a C1 control", "a\u0085"],
  ])("refuses %s", (_, value) => {
    expect(name.safeParse(value).success).toBe(false);
  });

  it("bounds the length and requires a value when min is 1", () => {
    expect(name.safeParse("x".repeat(11)).success).toBe(false);
    expect(name.safeParse("   ").error?.issues[0]?.message).toBe("is required");
  });

  it("allows tabs and newlines only in multiline fields, never NUL", () => {
    const comment = safeText({ max: 100, multiline: true });
    expect(comment.parse("line 1\n\tline 2")).toBe("line 1\n\tline 2");
    expect(comment.safeParse("a\u0000").success).toBe(false);
  });

  it("refuses what is not a string", () => {
    expect(name.safeParse(["a"]).success).toBe(false);
    expect(name.safeParse({ toString: "a" }).success).toBe(false);
    expect(name.safeParse(1).success).toBe(false);
  });
});

describe("optionalText", () => {
  it("turns empty, null and missing into null", () => {
    const group = optionalText({ max: 20 });
    expect(group.parse("")).toBeNull();
    expect(group.parse("  ")).toBeNull();
    expect(group.parse(null)).toBeNull();
    expect(group.parse(undefined)).toBeNull();
    expect(group.parse(" okta-admins ")).toBe("okta-admins");
    expect(group.safeParse("a\u0000").success).toBe(false);
  });
});

describe("isSafeText", () => {
  it("matches the schema", () => {
    expect(isSafeText("plain")).toBe(true);
    expect(isSafeText("a\ud800")).toBe(false);
    expect(isSafeText("a\nb")).toBe(false);
    expect(isSafeText("a\nb", true)).toBe(true);
  });
});
