import type {
  CredentialReportEntry,
  CredentialReportKey,
  IamAccountSummary,
  IamAuthorizationDetails,
  IamCredentialReport,
  IamUserDetail,
  PolicyStatement,
} from "@/lib/aws/iam/types";
import { ACCOUNT } from "../fixtures";

// Builders for the IAM checks' tests.

export const NOW = new Date("2025-06-30T12:00:00Z");
export const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

const noKey: CredentialReportKey = { active: false, lastRotated: null, lastUsed: null };

export function key(p: Partial<CredentialReportKey> = {}): CredentialReportKey {
  return { active: true, lastRotated: daysAgo(10), lastUsed: daysAgo(1), ...p };
}

export function reportUser(name: string, p: Partial<CredentialReportEntry> = {}): CredentialReportEntry {
  return {
    user: name,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    root: false,
    userCreatedAt: daysAgo(400),
    passwordEnabled: false,
    passwordLastUsed: null,
    passwordLastChanged: null,
    mfaActive: false,
    accessKeys: [noKey, noKey],
    ...p,
  };
}

export function rootRow(p: Partial<CredentialReportEntry> = {}): CredentialReportEntry {
  return reportUser("<root_account>", {
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    root: true,
    passwordEnabled: null,
    mfaActive: true,
    ...p,
  });
}

export function report(...entries: CredentialReportEntry[]): IamCredentialReport {
  return { generatedAt: NOW, entries };
}

export function allow(
  actions: string | string[],
  resources: string | string[] = "*",
  extra: Partial<PolicyStatement> = {},
): PolicyStatement {
  return { effect: "Allow", actions: [actions].flat(), resources: [resources].flat(), condition: {}, ...extra };
}

export function deny(
  actions: string | string[],
  resources: string | string[] = "*",
  extra: Partial<PolicyStatement> = {},
): PolicyStatement {
  return { effect: "Deny", actions: [actions].flat(), resources: [resources].flat(), condition: {}, ...extra };
}

export const doc = (...statements: PolicyStatement[]) => ({ statements });

export const ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess";
export const READONLY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";

export function iamUser(name: string, p: Partial<IamUserDetail> = {}): IamUserDetail {
  return {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    groups: [],
    attachedPolicies: [],
    inlinePolicies: [],
    ...p,
  };
}

export function details(p: Partial<IamAuthorizationDetails> = {}): IamAuthorizationDetails {
  return { users: [], groups: [], roles: [], policies: [], ...p };
}

export function iamSummary(raw: Record<string, number>): IamAccountSummary {
  return {
    accountMfaEnabled: raw.AccountMFAEnabled === 1,
    accountAccessKeysPresent: (raw.AccountAccessKeysPresent ?? 0) > 0,
    users: raw.Users ?? 0,
    raw,
  };
}
