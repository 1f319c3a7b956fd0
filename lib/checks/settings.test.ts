import { describe, expect, it } from "vitest";
import { defaultCheckSettings, parseCheckSettingsFile, resolveCheckSettings } from "./settings";

describe("check settings", () => {
  it("default to values that keep every check meaningful", () => {
    expect(defaultCheckSettings).toMatchObject({ unusedRegions: [], onPremisesCidrs: [], adminUserThreshold: 2, prodSeverityRaise: 1 });
  });

  it("parse a settings file and name every invalid field", () => {
    const ok = parseCheckSettingsFile(JSON.stringify({ unusedRegions: ["ap-east-1"], logArchiveBucket: "org-trail-logs", adminUserThreshold: 3 }), "settings.json");
    expect(ok).toMatchObject({ unusedRegions: ["ap-east-1"], logArchiveBucket: "org-trail-logs", adminUserThreshold: 3, prodSeverityRaise: 1 });
    expect(() => parseCheckSettingsFile(JSON.stringify({ unusedRegions: ["mars-1"], adminUserThreshold: -1, typo: true }), "s.json")).toThrow(
      /s\.json: invalid settings:\n(.|\n)*unusedRegions\.0(.|\n)*adminUserThreshold(.|\n)*typo/,
    );
    expect(() => parseCheckSettingsFile("{", "s.json")).toThrow(/s\.json: not valid JSON/);
  });

  it("layer the admin's stored value over the file over the defaults", () => {
    const base = parseCheckSettingsFile(JSON.stringify({ unusedRegions: ["ap-east-1"], adminUserThreshold: 5 }), "f");
    expect(resolveCheckSettings(undefined, base)).toEqual(base);
    expect(resolveCheckSettings({ adminUserThreshold: 1 }, base)).toMatchObject({ unusedRegions: ["ap-east-1"], adminUserThreshold: 1 });
    expect(resolveCheckSettings({ adminUserThreshold: "many" }, base)).toEqual(base);
  });
});
