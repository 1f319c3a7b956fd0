import { describe, expect, it } from "vitest";
import {
  checkSettingsSchema,
  defaultCheckSettings,
  diffCheckSettings,
  resolveCheckSettings,
  toStoredCheckSettings,
  type CheckSettingsResolution,
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

  const file = (settings: unknown, path = "/etc/posture/settings.json") => ({ path, text: JSON.stringify(settings) });
  const settingsOf = (r: CheckSettingsResolution) => {
    if (!r.ok) throw new Error(r.message);
    return r.settings;
  };

  it("take what an admin saved over the settings file over the defaults, and say which", () => {
    expect(resolveCheckSettings({ stored: undefined })).toEqual({
      ok: true,
      settings: defaultCheckSettings,
      source: "defaults",
      base: defaultCheckSettings,
      saved: false,
      filePath: null,
    });
    const fromFile = resolveCheckSettings({
      stored: undefined,
      file: file({ unusedRegions: ["ap-east-1"], logArchiveBucket: "org-trail-logs", adminUserThreshold: 5 }),
    });
    expect(fromFile).toMatchObject({ ok: true, source: "file", saved: false, filePath: "/etc/posture/settings.json" });
    expect(settingsOf(fromFile)).toMatchObject({
      unusedRegions: ["ap-east-1"],
      logArchiveBucket: "org-trail-logs",
      adminUserThreshold: 5,
      prodSeverityRaise: 1,
    });
    const saved = resolveCheckSettings({
      stored: { adminUserThreshold: 1 },
      file: file({ unusedRegions: ["ap-east-1"], adminUserThreshold: 5 }),
    });
    expect(saved).toMatchObject({ ok: true, source: "saved", saved: true, base: { adminUserThreshold: 5 } });
    expect(settingsOf(saved)).toMatchObject({ unusedRegions: ["ap-east-1"], adminUserThreshold: 1 });
    expect(resolveCheckSettings({ stored: null })).toMatchObject({ ok: true, source: "defaults", saved: false });
  });

  it("let an admin's edit clear an optional setting that the file sets", () => {
    const base = { logArchiveBucket: "org-trail-logs", logArchiveAccountId: "111122223333" };
    const edited = checkSettingsSchema.parse({
      ...base,
      logArchiveBucket: undefined,
      logArchiveAccountId: "444455556666",
    });
    const stored = toStoredCheckSettings(edited);
    expect(stored).toMatchObject({ logArchiveBucket: null, logArchiveAccountId: "444455556666" });
    // The way it goes through the settings table: JSON.
    const resolved = settingsOf(resolveCheckSettings({ stored: JSON.parse(JSON.stringify(stored)), file: file(base) }));
    expect(resolved.logArchiveBucket).toBeUndefined();
    expect(resolved.logArchiveAccountId).toBe("444455556666");
  });

  it("have no settings in force with a settings file that cannot be used, saying why, whatever was saved", () => {
    const cases = [
      {
        file: file({ unusedRegions: ["mars-1"], adminUserThreshold: -1, typo: true }, "s.json"),
        why: /^The settings file s\.json \(POSTURE_SETTINGS_FILE\) cannot be used: invalid settings:\n(.|\n)*unusedRegions\.0(.|\n)*adminUserThreshold(.|\n)*typo/,
      },
      {
        file: { path: "s.json", text: "{" },
        why: /s\.json \(POSTURE_SETTINGS_FILE\) cannot be used: it is not valid JSON/,
      },
      {
        file: { path: "/missing.json", readError: "ENOENT: no such file or directory" },
        why: /\/missing\.json \(POSTURE_SETTINGS_FILE\) cannot be used: it could not be read \(ENOENT/,
      },
    ];
    for (const c of cases) {
      for (const stored of [undefined, toStoredCheckSettings({ ...defaultCheckSettings, adminUserThreshold: 7 })]) {
        const r = resolveCheckSettings({ stored, file: c.file });
        expect(r).toMatchObject({ ok: false, code: "SettingsInvalid", saved: stored !== undefined });
        if (r.ok) continue;
        expect(r.message).toMatch(c.why);
        expect(r.message).toMatch(/Collections refuse to start until this is fixed\.$/);
        // What an editor starts from: the saved settings when there are some, else the defaults.
        expect(r.draft.adminUserThreshold).toBe(stored ? 7 : 2);
      }
    }
  });

  it("have no settings in force when the saved ones no longer validate, naming the fields", () => {
    for (const stored of [{ adminUserThreshold: "many", unusedRegions: ["Europe"] }, "checks", [1]]) {
      const r = resolveCheckSettings({ stored });
      expect(r).toMatchObject({ ok: false, code: "SettingsInvalid", saved: true, draft: defaultCheckSettings });
      if (!r.ok) expect(r.message).toMatch(/^The check settings saved in this installation are not valid/);
    }
    const r = resolveCheckSettings({ stored: { adminUserThreshold: "many" }, file: { path: "f", text: "[]" } });
    if (r.ok) throw new Error("resolved");
    expect(r.message).toMatch(/settings file f (.|\n)*\n(.|\n)*saved in this installation(.|\n)*adminUserThreshold/);
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
