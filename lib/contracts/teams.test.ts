import { describe, expect, it } from "vitest";
import { teamFields } from "./teams";

describe("team fields", () => {
  it("refuse NUL, lone surrogates and control characters in names, descriptions and IdP groups (issue 16)", () => {
    for (const bad of ["\u0000", "team\u0000", "\ud800", "x\udc00", "a\u001bb", "a\u0085b"]) {
      expect(teamFields.name.safeParse(bad).success, `name ${JSON.stringify(bad)}`).toBe(false);
      expect(teamFields.description.safeParse(bad).success, `description ${JSON.stringify(bad)}`).toBe(false);
      expect(teamFields.idpGroup.safeParse(bad).success, `idpGroup ${JSON.stringify(bad)}`).toBe(false);
    }
  });

  it("keep ordinary text, trimmed, and make an empty optional field null", () => {
    expect(teamFields.name.parse("  Payments 🙂 ")).toBe("Payments 🙂");
    expect(teamFields.name.safeParse("").success).toBe(false);
    expect(teamFields.description.parse("")).toBeNull();
    expect(teamFields.idpGroup.parse(null)).toBeNull();
    expect(teamFields.idpGroup.parse("/team/payments")).toBe("/team/payments");
  });
});
