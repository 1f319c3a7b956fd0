import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { countAppliedMigrations, listCommittedMigrations } from "@/lib/db/migrations";
import { openDatabase } from "@/lib/db/open";
import { listAccounts } from "@/lib/db/queries/accounts";
import { checkDatabase } from "@/lib/db/queries/health";
import { getOverview } from "@/lib/db/queries/overview";
import { scopeToAccounts } from "@/lib/db/queries/scope";
import { createAccount, createCheck, createFinding, createOrganization } from "../factories";

describe("embedded database (PGlite)", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "posture-pglite-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("migrates on open, persists under the data folder, and reopens without re-applying", async () => {
    const first = await openDatabase({ dataDir });
    expect(first.mode).toBe("embedded");
    expect(await countAppliedMigrations(first.db)).toBe(listCommittedMigrations().length);
    const org = await createOrganization(first.db, { name: "Embedded org" });
    const prod = await createAccount(first.db, org.id, { name: "payments-prod", environment: "prod" });
    const check = await createCheck(first.db, { id: "pglite_check" });
    await createFinding(first.db, { checkId: check.id, accountId: prod.id, severity: "critical" });
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      expect(await countAppliedMigrations(second.db)).toBe(listCommittedMigrations().length);
      const accounts = await listAccounts(second.db, scopeToAccounts([prod.id]));
      expect(accounts.map((a) => [a.name, a.environment, a.organizationName])).toEqual([
        ["payments-prod", "prod", "Embedded org"],
      ]);
      const overview = await getOverview(second.db, scopeToAccounts([prod.id]));
      expect(overview.openBySeverity.critical).toBe(1);
      const health = await checkDatabase(second.db);
      expect(health.migrations.upToDate).toBe(true);
    } finally {
      await second.close();
    }
  });
});
