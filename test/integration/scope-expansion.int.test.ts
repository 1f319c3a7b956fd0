/**
 * Scope expansion is written once (lib/db/queries/scope.ts teamAccounts): what the admin screen
 * shows a team to cover must be exactly what a member of that team can read.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { addTeamMember, addTeamScope, listTeamCoverage, listTeams, type ScopeInput } from "@/lib/db/queries/teams";
import { resolveUserScope } from "@/lib/db/queries/users";
import * as s from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { createAccount, createOrganization, createTeam, createUser } from "../factories";
import { createTestDatabase } from "../postgres";

// A database of its own: environment scopes span every account in it.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: DatabaseHandle;
let db: Db;

// Root ─┬─ Workloads ─┬─ Payments ── PaymentsProd
//       │             └─ Web
//       └─ Sandbox
const ou = { root: "r-exp0", workloads: "ou-exp0-wl", payments: "ou-exp0-pay", paymentsProd: "ou-exp0-pp" };
const ou2 = { web: "ou-exp0-web", sandbox: "ou-exp0-sbx" };
const acct: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase("posture_scope");
  handle = await openDatabase({ url: database.url });
  db = handle.db;
  const org = await createOrganization(db);
  await db.insert(s.organizationalUnits).values([
    { id: ou.root, organizationId: org.id, parentId: null, name: "Root", path: "Root" },
    { id: ou.workloads, organizationId: org.id, parentId: ou.root, name: "Workloads", path: "Root/Workloads" },
    {
      id: ou.payments,
      organizationId: org.id,
      parentId: ou.workloads,
      name: "Payments",
      path: "Root/Workloads/Payments",
    },
    {
      id: ou.paymentsProd,
      organizationId: org.id,
      parentId: ou.payments,
      name: "Prod",
      path: "Root/Workloads/Payments/Prod",
    },
    { id: ou2.web, organizationId: org.id, parentId: ou.workloads, name: "Web", path: "Root/Workloads/Web" },
    { id: ou2.sandbox, organizationId: org.id, parentId: ou.root, name: "Sandbox", path: "Root/Sandbox" },
  ]);
  const mk = async (name: string, ouId: string, environment: "prod" | "staging" | "dev" | "other") =>
    (acct[name] = (await createAccount(db, org.id, { name, ouId, environment })).id);
  await mk("management", ou.root, "other");
  await mk("shared", ou.workloads, "prod");
  await mk("payments-dev", ou.payments, "dev");
  await mk("payments-prod", ou.paymentsProd, "prod");
  await mk("web-staging", ou2.web, "staging");
  await mk("web-prod", ou2.web, "prod");
  await mk("sandbox", ou2.sandbox, "dev");
  // An account of another organization in the same environment: environment scopes cross organizations.
  const other = await createOrganization(db);
  acct["other-prod"] = (await createAccount(db, other.id, { name: "other-prod", environment: "prod" })).id;
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

const ids = (...names: string[]) => names.map((n) => acct[n]!).sort();

type Case = { name: string; scopes: () => ScopeInput[]; expected: () => string[] };
const cases: Case[] = [
  { name: "no scope", scopes: () => [], expected: () => [] },
  {
    name: "one account",
    scopes: () => [{ kind: "account", value: acct["web-staging"]! }],
    expected: () => ids("web-staging"),
  },
  {
    name: "an OU, with every OU below it",
    scopes: () => [{ kind: "ou", value: ou.workloads }],
    expected: () => ids("shared", "payments-dev", "payments-prod", "web-staging", "web-prod"),
  },
  {
    name: "a leaf OU",
    scopes: () => [{ kind: "ou", value: ou.paymentsProd }],
    expected: () => ids("payments-prod"),
  },
  {
    name: "the root OU",
    scopes: () => [{ kind: "ou", value: ou.root }],
    expected: () => ids("management", "shared", "payments-dev", "payments-prod", "web-staging", "web-prod", "sandbox"),
  },
  {
    name: "an environment, across organizations",
    scopes: () => [{ kind: "environment", value: "prod" }],
    expected: () => ids("shared", "payments-prod", "web-prod", "other-prod"),
  },
  {
    name: "a mix that overlaps",
    scopes: () => [
      { kind: "ou", value: ou.payments },
      { kind: "environment", value: "staging" },
      { kind: "account", value: acct["payments-prod"]! },
      { kind: "account", value: acct.sandbox! },
    ],
    expected: () => ids("payments-dev", "payments-prod", "web-staging", "sandbox"),
  },
];

async function memberOf(...teamIds: string[]) {
  const user = await createUser(db, { role: "viewer" });
  for (const id of teamIds) await addTeamMember(db, id, user.id);
  return resolveUserScope(db, user);
}

describe("scope expansion", () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    "%s: the admin screen shows what a member can read",
    async (_name, c) => {
      const team = await createTeam(db, { name: `exp-${randomUUID().slice(0, 8)}` });
      for (const scope of c.scopes()) expect(await addTeamScope(db, team.id, scope)).toMatchObject({ ok: true });
      const readable = await memberOf(team.id);
      const shown = (await listTeamCoverage(db)).get(team.id) ?? [];
      const count = (await listTeams(db)).find((t) => t.id === team.id)?.accountCount;

      expect(readable).toEqual({ all: false, accountIds: c.expected() });
      expect(shown).toEqual(c.expected());
      expect(count).toBe(c.expected().length);
    },
  );

  it("follows the organization: an OU moved under a scoped one is covered on both sides at once", async () => {
    const team = await createTeam(db, { name: `exp-move-${randomUUID().slice(0, 8)}` });
    await addTeamScope(db, team.id, { kind: "ou", value: ou.payments });
    const user = await createUser(db, { role: "viewer" });
    await addTeamMember(db, team.id, user.id);
    const both = async () => ({
      shown: (await listTeamCoverage(db)).get(team.id) ?? [],
      readable: await resolveUserScope(db, user),
    });
    expect(await both()).toEqual({
      shown: ids("payments-dev", "payments-prod"),
      readable: { all: false, accountIds: ids("payments-dev", "payments-prod") },
    });
    await db.update(s.organizationalUnits).set({ parentId: ou.payments }).where(eq(s.organizationalUnits.id, ou2.web));
    try {
      const after = ids("payments-dev", "payments-prod", "web-staging", "web-prod");
      expect(await both()).toEqual({ shown: after, readable: { all: false, accountIds: after } });
    } finally {
      await db
        .update(s.organizationalUnits)
        .set({ parentId: ou.workloads })
        .where(eq(s.organizationalUnits.id, ou2.web));
    }
  });

  it("gives a member of several teams the union of what the screen shows for each", async () => {
    const teams = [];
    for (const c of cases.slice(1)) {
      const team = await createTeam(db, { name: `exp-u-${randomUUID().slice(0, 8)}` });
      for (const scope of c.scopes()) await addTeamScope(db, team.id, scope);
      teams.push(team.id);
    }
    const coverage = await listTeamCoverage(db);
    const union = [...new Set(teams.flatMap((id) => coverage.get(id) ?? []))].sort();
    expect(await memberOf(...teams)).toEqual({ all: false, accountIds: union });
    expect(union).toEqual(Object.values(acct).sort());
  });
});
