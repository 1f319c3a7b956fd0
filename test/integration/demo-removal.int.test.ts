import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECK_SETTINGS_KEY } from "@/lib/checks/settings";
import { shouldLoadDemo } from "@/lib/collector/in-process";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { DEMO_LOADED_KEY, DEMO_REMOVED_KEY, getDemoState, removeDemoOrganization } from "@/lib/db/queries/demo";
import { getSetting, putSetting } from "@/lib/db/queries/settings";
import * as s from "@/lib/db/schema";
import { demoOrganization } from "@/lib/demo/organization";
import { createAccount, createCanaryKey, createCheck, createFinding, createOrganization } from "../factories";
import { createTestDatabase } from "../postgres";

// Whether the demo loads by itself depends on the whole database (any real organization, the
// removal marker): these tests have a database of their own.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase("posture_demo_removal");
  handle = await openDatabase({ url: database.url });
});
afterAll(async () => {
  await handle.close();
  await database.drop();
});

const noCredentials = { hubCredentials: "none" } as const;
const demoSettings = demoOrganization.checkSettings;

/** A demo organization as the loader leaves it, in miniature: accounts with findings, a run, a canary, its settings. */
async function seedDemo() {
  const org = await createOrganization(handle.db, { name: "Demo organization", discoveryMode: "demo", isDemo: true });
  const check = await createCheck(handle.db);
  const accounts = [
    await createAccount(handle.db, org.id, { environment: "prod" }),
    await createAccount(handle.db, org.id),
  ];
  for (const a of accounts) await createFinding(handle.db, { checkId: check.id, accountId: a.id });
  await handle.db
    .insert(s.collectionRuns)
    .values({ organizationId: org.id, trigger: "demo", status: "succeeded", accountsTotal: 2, accountsDone: 2 });
  const canary = await createCanaryKey(handle.db, { ownerAccountId: accounts[0]!.id });
  await putSetting(handle.db, DEMO_LOADED_KEY, { at: new Date().toISOString() });
  return { org, accounts, check, canary };
}

describe("removing the demo organization", () => {
  it("loads by itself only on a first start without credentials and without a real organization", async () => {
    expect(await shouldLoadDemo(handle.db, { POSTURE_DEMO: "auto" }, noCredentials)).toBe(true);
    expect(await shouldLoadDemo(handle.db, { POSTURE_DEMO: "auto" }, { hubCredentials: "configured" })).toBe(false);
    expect(await shouldLoadDemo(handle.db, { POSTURE_DEMO: "off" }, noCredentials)).toBe(false);
    expect(await shouldLoadDemo(handle.db, { POSTURE_DEMO: "on" }, { hubCredentials: "configured" })).toBe(true);
  });

  it("removes exactly the demo organization and its data, keeps real ones, and is never loaded again by itself", async () => {
    const demo = await seedDemo();
    await putSetting(handle.db, CHECK_SETTINGS_KEY, demoSettings);
    const real = await createOrganization(handle.db);
    const realAccount = await createAccount(handle.db, real.id);
    const realFinding = await createFinding(handle.db, { checkId: demo.check.id, accountId: realAccount.id });
    const realCanary = await createCanaryKey(handle.db, { ownerAccountId: realAccount.id });
    expect(await getDemoState(handle.db)).toEqual({
      present: true,
      organizationId: demo.org.id,
      loaded: true,
      accounts: 2,
      loading: null,
    });

    const admin = (
      await handle.db
        .insert(s.users)
        .values({ email: `admin-${Date.now()}@example.com`, role: "admin" })
        .returning()
    )[0]!;
    expect(await removeDemoOrganization(handle.db, { demoCheckSettings: demoSettings, by: admin.id })).toEqual({
      removed: true,
      organizationId: demo.org.id,
    });

    const ids = demo.accounts.map((a) => a.id);
    expect(await handle.db.select().from(s.organizations).where(eq(s.organizations.id, demo.org.id))).toEqual([]);
    expect(await handle.db.select().from(s.awsAccounts).where(inArray(s.awsAccounts.id, ids))).toEqual([]);
    expect(await handle.db.select().from(s.findings).where(inArray(s.findings.accountId, ids))).toEqual([]);
    expect(
      await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.organizationId, demo.org.id)),
    ).toEqual([]);
    expect(await handle.db.select().from(s.canaryKeys).where(eq(s.canaryKeys.id, demo.canary.id))).toEqual([]);
    // The demo's settings go with it; the real organization and its data stay.
    expect(await getSetting(handle.db, CHECK_SETTINGS_KEY)).toBeUndefined();
    expect(await getSetting(handle.db, DEMO_LOADED_KEY)).toBeUndefined();
    expect(await handle.db.select().from(s.findings).where(eq(s.findings.id, realFinding.id))).toHaveLength(1);
    expect(await handle.db.select().from(s.canaryKeys).where(eq(s.canaryKeys.id, realCanary.id))).toHaveLength(1);
    const [marker] = await handle.db.select().from(s.settings).where(eq(s.settings.key, DEMO_REMOVED_KEY));
    expect(marker).toMatchObject({ updatedBy: admin.id });
    expect(await getDemoState(handle.db)).toEqual({ present: false, removed: true });

    // Even with no real organization left and no credentials, no start brings it back; nor does "on".
    await handle.db.delete(s.organizations).where(eq(s.organizations.id, real.id));
    expect(await shouldLoadDemo(handle.db, { POSTURE_DEMO: "auto" }, noCredentials)).toBe(false);
    expect(await shouldLoadDemo(handle.db, { POSTURE_DEMO: "on" }, noCredentials)).toBe(false);
    expect(await removeDemoOrganization(handle.db, { demoCheckSettings: demoSettings })).toEqual({ removed: false });
    await handle.db.delete(s.settings).where(eq(s.settings.key, DEMO_REMOVED_KEY));
  });

  it("keeps check settings an admin changed after the demo brought its own", async () => {
    await seedDemo();
    const edited = { ...demoSettings, adminUserThreshold: 5 };
    await putSetting(handle.db, CHECK_SETTINGS_KEY, edited);
    expect(await removeDemoOrganization(handle.db, { demoCheckSettings: demoSettings })).toMatchObject({
      removed: true,
    });
    expect(await getSetting(handle.db, CHECK_SETTINGS_KEY)).toEqual(edited);
    await handle.db.delete(s.settings).where(inArray(s.settings.key, [DEMO_REMOVED_KEY, CHECK_SETTINGS_KEY]));
  });

  it("is not loaded by itself next to a real organization", async () => {
    const real = await createOrganization(handle.db);
    expect(await shouldLoadDemo(handle.db, { POSTURE_DEMO: "auto" }, noCredentials)).toBe(false);
    await handle.db.delete(s.organizations).where(eq(s.organizations.id, real.id));
  });
});
