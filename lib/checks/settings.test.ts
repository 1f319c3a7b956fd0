import { describe, expect, it } from "vitest";
import {
  checkSettingsSchema,
  defaultCheckSettings,
  diffCheckSettings,
  parseCheckSettingsFile,
  resolveCheckSettings,
  toStoredCheckSettings,
} from "./settings";

describe("check settings", () => {
  it("default to values that keep every check meaningful", () => {
    expect(defaultCheckSettings).toMatchObject({
      unusedRegions: [],
      onPremisesCidrs: [],
      adminUserThreshold: 2,
      prodSeverityRaise: 1,
    });
  });

  it("parse a settings file and name every invalid field", () => {
    const ok = parseCheckSettingsFile(
      JSON.stringify({ unusedRegions: ["ap-east-1"], logArchiveBucket: "org-trail-logs", adminUserThreshold: 3 }),
      "settings.json",
    );
    expect(ok).toMatchObject({
      unusedRegions: ["ap-east-1"],
      logArchiveBucket: "org-trail-logs",
      adminUserThreshold: 3,
      prodSeverityRaise: 1,
    });
    expect(() =>
      parseCheckSettingsFile(
        JSON.stringify({ unusedRegions: ["mars-1"], adminUserThreshold: -1, typo: true }),
        "s.json",
      ),
    ).toThrow(/s\.json: invalid settings:\n(.|\n)*unusedRegions\.0(.|\n)*adminUserThreshold(.|\n)*typo/);
    expect(() => parseCheckSettingsFile("{", "s.json")).toThrow(/s\.json: not valid JSON/);
  });

  it("layer the admin's stored value over the file over the defaults", () => {
    const base = parseCheckSettingsFile(JSON.stringify({ unusedRegions: ["ap-east-1"], adminUserThreshold: 5 }), "f");
    expect(resolveCheckSettings(undefined, base)).toEqual(base);
    expect(resolveCheckSettings({ adminUserThreshold: 1 }, base)).toMatchObject({
      unusedRegions: ["ap-east-1"],
      adminUserThreshold: 1,
    });
    expect(resolveCheckSettings({ adminUserThreshold: "many" }, base)).toEqual(base);
  });

  it("let an admin's edit clear an optional setting that the file sets", () => {
    const base = parseCheckSettingsFile(
      JSON.stringify({ logArchiveBucket: "org-trail-logs", logArchiveAccountId: "111122223333" }),
      "f",
    );
    const edited = checkSettingsSchema.parse({
      ...base,
      logArchiveBucket: undefined,
      logArchiveAccountId: "444455556666",
    });
    const stored = toStoredCheckSettings(edited);
    expect(stored).toMatchObject({ logArchiveBucket: null, logArchiveAccountId: "444455556666" });
    // The way it goes through the settings table: JSON.
    const resolved = resolveCheckSettings(JSON.parse(JSON.stringify(stored)), base);
    expect(resolved.logArchiveBucket).toBeUndefined();
    expect(resolved.logArchiveAccountId).toBe("444455556666");
  });

  it("explain invalid input in words, naming the value", () => {
    const result = checkSettingsSchema.safeParse({
      unusedRegions: ["eu-west-1", "Europe"],
      onPremisesCidrs: ["10.0.0.0/8", "10.0.0.1/8", "300.1.0.0/16"],
      logArchiveBucket: "My_Bucket",
      logArchiveAccountId: "1234",
      adminUserThreshold: 1.5,
      prodSeverityRaise: 3,
      sensitiveDataTag: { key: " ", values: [] },
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'unusedRegions.1: "Europe" is not an AWS region name such as eu-west-1',
        expect.stringMatching(/^onPremisesCidrs\.1: "10\.0\.0\.1\/8" is not an IPv4 CIDR block/),
        expect.stringMatching(/^onPremisesCidrs\.2: "300\.1\.0\.0\/16" is not an IPv4 CIDR block/),
        expect.stringMatching(/^logArchiveBucket: must be an S3 bucket name/),
        "logArchiveAccountId: must be a 12-digit AWS account id",
        "adminUserThreshold: must be a whole number",
        "prodSeverityRaise: must be 0, 1 or 2",
        "sensitiveDataTag.key: the tag key must not be empty",
        "sensitiveDataTag.values: list at least one tag value",
      ]),
    );
    expect(messages).toHaveLength(9);
  });

  it("take the environment rule's tag key under AWS's tag key rules, unset by default", () => {
    expect(defaultCheckSettings.environmentTag).toBeUndefined();
    expect(checkSettingsSchema.parse({ environmentTag: " aws:Stage " }).environmentTag).toBe("aws:Stage");
    for (const bad of ["", "Stage*", "x".repeat(129)])
      expect(checkSettingsSchema.safeParse({ environmentTag: bad }).success, JSON.stringify(bad)).toBe(false);
  });

  it("list exactly the settings that changed, with both values", () => {
    const after = { ...defaultCheckSettings, unusedRegions: ["ap-east-1"], logArchiveBucket: "org-trail-logs" };
    expect(diffCheckSettings(defaultCheckSettings, after)).toEqual({
      unusedRegions: { from: [], to: ["ap-east-1"] },
      logArchiveBucket: { from: null, to: "org-trail-logs" },
    });
    expect(diffCheckSettings(after, after)).toEqual({});
  });
});

describe("check settings text", () => {
  it("refuses a sensitive-data tag Postgres or the audit log's JSON cannot hold (issue 16)", () => {
    for (const bad of ["\u0000", "pii\u0000", "\ud800", "\udfff-x", "a\u0007b"]) {
      expect(checkSettingsSchema.safeParse({ sensitiveDataTag: { key: bad, values: ["pii"] } }).success).toBe(false);
      expect(checkSettingsSchema.safeParse({ sensitiveDataTag: { key: "Data", values: [bad] } }).success).toBe(false);
      expect(checkSettingsSchema.safeParse({ environmentTag: bad }).success).toBe(false);
    }
    expect(checkSettingsSchema.safeParse({ sensitiveDataTag: { key: "Données", values: ["pii 🙂"] } }).success).toBe(
      true,
    );
  });
});
