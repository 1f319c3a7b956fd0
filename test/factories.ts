import { randomInt, randomUUID } from "node:crypto";
import type { Severity } from "@/lib/domain/vocabulary";
import { findingId } from "@/lib/domain/finding-id";
import * as s from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";

// Factories create their own rows with unique ids, so tests never wipe or share tables.

export function randomAccountId(): string {
  return String(randomInt(100_000_000_000, 999_999_999_999));
}

export async function createOrganization(db: Db, values: Partial<typeof s.organizations.$inferInsert> = {}) {
  const [org] = await db
    .insert(s.organizations)
    .values({ name: `Org ${randomUUID().slice(0, 8)}`, discoveryMode: "organizations", ...values })
    .returning();
  return org!;
}

export async function createAccount(
  db: Db,
  organizationId: string,
  values: Partial<typeof s.awsAccounts.$inferInsert> = {},
) {
  const id = values.id ?? randomAccountId();
  const [account] = await db
    .insert(s.awsAccounts)
    .values({ id, organizationId, name: `account-${id.slice(-4)}`, environment: "dev", ...values })
    .returning();
  return account!;
}

export async function createCheck(db: Db, values: Partial<typeof s.checks.$inferInsert> = {}) {
  const id = values.id ?? `test_check_${randomUUID().slice(0, 8)}`;
  const [check] = await db
    .insert(s.checks)
    .values({
      id,
      title: `Test check ${id}`,
      description: "A check created by a test.",
      service: "iam",
      defaultSeverity: "medium",
      scope: "regional",
      remediation: { steps: ["Fix it."] },
      ...values,
    })
    .returning();
  return check!;
}

export async function createFinding(
  db: Db,
  values: { checkId: string; accountId: string; severity?: Severity } & Partial<typeof s.findings.$inferInsert>,
) {
  const region = values.region ?? "us-east-1";
  const resourceId = values.resourceId ?? `arn:aws:test:::${randomUUID()}`;
  const [finding] = await db
    .insert(s.findings)
    .values({
      id: findingId({ checkId: values.checkId, accountId: values.accountId, region, resourceId }),
      resourceType: "AWS::Test::Resource",
      severity: "medium",
      ...values,
      region,
      resourceId,
    })
    .returning();
  return finding!;
}

export async function createGuardDutyFinding(
  db: Db,
  values: { accountId: string } & Partial<typeof s.guarddutyFindings.$inferInsert>,
) {
  const now = new Date();
  const [row] = await db
    .insert(s.guarddutyFindings)
    .values({
      region: "us-east-1",
      id: randomUUID().replaceAll("-", ""),
      detectorId: "12abc34d567e8fa901bc2d34e56789f0",
      type: "UnauthorizedAccess:EC2/SSHBruteForce",
      title: "Test GuardDuty finding",
      severity: 8.0,
      severityLabel: "high",
      firstSeenAt: now,
      lastSeenAt: now,
      ...values,
    })
    .returning();
  return row!;
}

export async function createCanaryKey(db: Db, values: Partial<typeof s.canaryKeys.$inferInsert> = {}) {
  const [row] = await db
    .insert(s.canaryKeys)
    .values({
      accessKeyId: `AKIA${randomUUID().replaceAll("-", "").slice(0, 16).toUpperCase()}`,
      label: "Test canary",
      ...values,
    })
    .returning();
  return row!;
}

export async function createUser(db: Db, values: Partial<typeof s.users.$inferInsert> = {}) {
  const [user] = await db
    .insert(s.users)
    .values({ email: `user-${randomUUID().slice(0, 8)}@example.com`, ...values })
    .returning();
  return user!;
}

export async function createTeam(db: Db, values: Partial<typeof s.teams.$inferInsert> = {}) {
  const [team] = await db
    .insert(s.teams)
    .values({ name: `team-${randomUUID().slice(0, 8)}`, ...values })
    .returning();
  return team!;
}
