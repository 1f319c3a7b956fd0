/**
 * A settings file that cannot be used has one behaviour everywhere: the embedded server still boots
 * (migrations, health), the Settings page's read path shows the error, and a collection refuses
 * to start with that message. The server's own boot (instrumentation.ts) is run here.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const paths = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/posture-settings-boot-${process.pid}-${Date.now()}`;
  delete process.env.DATABASE_URL;
  Object.assign(process.env, {
    NEXT_RUNTIME: "nodejs",
    POSTURE_DATA_DIR: `${dir}/data`,
    POSTURE_SETTINGS_FILE: `${dir}/settings.json`,
    POSTURE_DEMO: "off",
    POSTURE_SCHEDULE: "off",
    AUTH_SECRET: "integration-test-secret-of-at-least-32-characters",
    AUTH_LOCAL_ADMIN: "off",
    AWS_ACCESS_KEY_ID: "testing",
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    LOG_LEVEL: "error",
  });
  return { dir, file: `${dir}/settings.json` };
});

const { register } = await import("@/instrumentation");
const { GET: health } = await import("@/app/api/health/route");
const { getDatabase } = await import("@/lib/db");
const { env } = await import("@/lib/env");
const { collectionAvailability, requestCollection } = await import("@/lib/jobs");
const { describeCheckSettings } = await import("@/lib/settings/check-settings");
const s = await import("@/lib/db/schema");

beforeAll(() => {
  mkdirSync(paths.dir, { recursive: true });
  writeFileSync(paths.file, JSON.stringify({ adminUserThreshold: "two", unusedRegions: ["Europe"] }));
});
afterAll(async () => {
  await (await getDatabase()).close();
  rmSync(paths.dir, { recursive: true, force: true });
});

describe("an invalid settings file in embedded mode", () => {
  it("lets the server boot: migrations applied, health ok", async () => {
    await expect(register()).resolves.toBeUndefined();
    const { mode } = await getDatabase();
    expect(mode).toBe("embedded");
    const res = await health();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: { migrations: { upToDate: true } } });
  });

  it("shows on the Settings page's read path, naming each bad field", async () => {
    const { db } = await getDatabase();
    const view = await describeCheckSettings(db, { file: env.POSTURE_SETTINGS_FILE });
    expect(view.source).toMatch(/none in force/);
    expect(view.error).toContain(`The settings file ${paths.file} (POSTURE_SETTINGS_FILE) cannot be used`);
    expect(view.error).toMatch(/adminUserThreshold: must be a whole number/);
    expect(view.error).toMatch(/unusedRegions\.0: "Europe" is not an AWS region name/);
  });

  it("refuses a collection with that message, before anything is written", async () => {
    const { db } = await getDatabase();
    const refused = await requestCollection(db, { trigger: "manual" });
    expect(refused).toMatchObject({ kind: "refused", reason: "settings-invalid" });
    if (refused.kind === "refused") expect(refused.message).toMatch(/Collections refuse to start until this is fixed/);
    expect(await db.select().from(s.collectionRuns)).toEqual([]);
  });

  it("collects again once the file is fixed, without a restart", async () => {
    const { db } = await getDatabase();
    writeFileSync(paths.file, JSON.stringify({ adminUserThreshold: 3 }));
    expect((await collectionAvailability(db)).blocked).toBeNull();
    expect(await describeCheckSettings(db, { file: env.POSTURE_SETTINGS_FILE })).toMatchObject({
      error: null,
      source: `file ${paths.file}`,
      settings: { adminUserThreshold: 3 },
    });
  });
});
