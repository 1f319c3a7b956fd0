import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListServerCertificates,
  type AttachedPolicy,
  type IAMClient,
  type PolicyDetail,
} from "@aws-sdk/client-iam";
import { onAbort } from "../abort";
import { deadlineError } from "../errors";
import type {
  CredentialReportEntry,
  IamAccountSummary,
  CredentialReportKey,
  IamAuthorizationDetails,
  IamCredentialReport,
  IamInlinePolicy,
  IamPasswordPolicy,
  IamPolicyRef,
  IamServerCertificate,
  PolicyDocument,
  PolicyStatement,
} from "./types";

// ---------------------------------------------------------------------------------------------
// Account summary

export async function getIamAccountSummary(iam: IAMClient, signal?: AbortSignal): Promise<IamAccountSummary> {
  const out = await iam.send(new GetAccountSummaryCommand({}), { abortSignal: signal });
  const raw = Object.fromEntries(Object.entries(out.SummaryMap ?? {}).map(([k, v]) => [k, Number(v)]));
  return {
    accountMfaEnabled: raw.AccountMFAEnabled === 1,
    accountAccessKeysPresent: (raw.AccountAccessKeysPresent ?? 0) > 0,
    users: raw.Users ?? 0,
    raw,
  };
}

// ---------------------------------------------------------------------------------------------
// Credential report

export type CredentialReportOptions = { maxAttempts?: number; delayMs?: number };

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(deadlineError());
    const timer = setTimeout(() => {
      off?.();
      resolve();
    }, ms);
    const off =
      signal &&
      onAbort(signal, () => {
        clearTimeout(timer);
        reject(deadlineError());
      });
  });
}

/**
 * Generates the credential report (IAM reuses one younger than four hours) and reads it. Polls a
 * bounded number of times while IAM builds it; gives up with a TimeoutError rather than hold the unit.
 */
export async function getCredentialReport(
  iam: IAMClient,
  signal?: AbortSignal,
  opts: CredentialReportOptions = {},
): Promise<IamCredentialReport> {
  const maxAttempts = opts.maxAttempts ?? 10;
  const delayMs = opts.delayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    const gen = await iam.send(new GenerateCredentialReportCommand({}), { abortSignal: signal });
    if (gen.State === "COMPLETE") break;
    if (attempt >= maxAttempts) {
      throw Object.assign(new Error(`Credential report still ${gen.State ?? "not ready"} after ${attempt} attempts`), {
        name: "TimeoutError",
      });
    }
    await sleep(delayMs, signal);
  }
  const out = await iam.send(new GetCredentialReportCommand({}), { abortSignal: signal });
  const entries = parseCredentialReport(new TextDecoder().decode(out.Content ?? new Uint8Array()));
  return { generatedAt: reportTime(out.GeneratedTime, entries), entries };
}

/**
 * The report's generation time, unless it predates a date inside the report (which AWS never does;
 * moto answers a fixed 2015 date): then the collection time, so ages are not computed as negative.
 */
function reportTime(generated: Date | undefined, entries: CredentialReportEntry[]): Date {
  const dates = entries.flatMap((e) => [
    e.userCreatedAt,
    e.passwordLastUsed,
    e.passwordLastChanged,
    ...e.accessKeys.flatMap((k) => [k.lastRotated, k.lastUsed]),
  ]);
  const latest = Math.max(0, ...dates.map((d) => d?.getTime() ?? 0));
  return generated && generated.getTime() >= latest ? generated : new Date();
}

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

const NO_VALUE = new Set(["", "N/A", "no_information", "not_supported"]);

function reportDate(v: string | undefined): Date | null {
  if (v === undefined || NO_VALUE.has(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function reportBool(v: string | undefined): boolean | null {
  if (v === "true") return true;
  if (v === "false") return false;
  return null;
}

/** Maps the report's rows by column name, so a column added by AWS does not shift the others. */
export function parseCredentialReport(csv: string): CredentialReportEntry[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header) return [];
  return rows.map((cells) => {
    const get = (col: string) => {
      const i = header.indexOf(col);
      return i < 0 ? undefined : cells[i];
    };
    const key = (n: 1 | 2): CredentialReportKey => ({
      active: get(`access_key_${n}_active`) === "true",
      lastRotated: reportDate(get(`access_key_${n}_last_rotated`)),
      lastUsed: reportDate(get(`access_key_${n}_last_used_date`)),
    });
    const user = get("user") ?? "";
    return {
      user,
      arn: get("arn") ?? "",
      root: user === "<root_account>",
      userCreatedAt: reportDate(get("user_creation_time")),
      passwordEnabled: reportBool(get("password_enabled")),
      passwordLastUsed: reportDate(get("password_last_used")),
      passwordLastChanged: reportDate(get("password_last_changed")),
      mfaActive: get("mfa_active") === "true",
      accessKeys: [key(1), key(2)],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Authorization details

const asArray = (v: unknown): string[] | undefined =>
  v === undefined ? undefined : (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");

/** A Condition block with every value as a list of strings (booleans and numbers as IAM compares them). */
function parseCondition(raw: unknown): PolicyStatement["condition"] {
  if (typeof raw !== "object" || raw === null) return {};
  const out: PolicyStatement["condition"] = {};
  for (const [op, keys] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof keys !== "object" || keys === null) continue;
    out[op] = Object.fromEntries(
      Object.entries(keys as Record<string, unknown>).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).map(String)]),
    );
  }
  return out;
}

/** Decodes a policy document as IAM returns it (URL-encoded JSON) into normalised statements. */
export function parsePolicyDocument(raw: string | undefined): PolicyDocument {
  if (raw === undefined) return null;
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // Not URL-encoded (some emulators return plain JSON with a literal "%"): parse it as it is.
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof doc !== "object" || doc === null) return null;
  const rawStatements = (doc as { Statement?: unknown }).Statement;
  if (rawStatements === undefined) return { statements: [] };
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  const statements: PolicyStatement[] = [];
  for (const s of list) {
    if (typeof s !== "object" || s === null) return null;
    const st = s as Record<string, unknown>;
    if (st.Effect !== "Allow" && st.Effect !== "Deny") return null;
    statements.push({
      effect: st.Effect,
      actions: asArray(st.Action),
      notActions: asArray(st.NotAction),
      resources: asArray(st.Resource),
      notResources: asArray(st.NotResource),
      condition: parseCondition(st.Condition),
    });
  }
  return { statements };
}

const refs = (list: AttachedPolicy[] | undefined): IamPolicyRef[] =>
  (list ?? []).flatMap((p) => (p.PolicyArn ? [{ name: p.PolicyName ?? p.PolicyArn, arn: p.PolicyArn }] : []));

const inline = (list: PolicyDetail[] | undefined): IamInlinePolicy[] =>
  (list ?? []).map((p) => ({ name: p.PolicyName ?? "", document: parsePolicyDocument(p.PolicyDocument) }));

/** Users, groups, roles and customer-managed policies with their documents, in one paginated call. */
export async function getAuthorizationDetails(iam: IAMClient, signal?: AbortSignal): Promise<IamAuthorizationDetails> {
  const out: IamAuthorizationDetails = { users: [], groups: [], roles: [], policies: [] };
  const paginator = paginateGetAccountAuthorizationDetails(
    { client: iam, pageSize: 1000 },
    { Filter: ["User", "Group", "Role", "LocalManagedPolicy"] },
    { abortSignal: signal },
  );
  for await (const page of paginator) {
    for (const u of page.UserDetailList ?? []) {
      if (!u.Arn || !u.UserName) continue;
      out.users.push({
        name: u.UserName,
        arn: u.Arn,
        groups: u.GroupList ?? [],
        attachedPolicies: refs(u.AttachedManagedPolicies),
        inlinePolicies: inline(u.UserPolicyList),
      });
    }
    for (const g of page.GroupDetailList ?? []) {
      if (!g.Arn || !g.GroupName) continue;
      out.groups.push({
        name: g.GroupName,
        arn: g.Arn,
        attachedPolicies: refs(g.AttachedManagedPolicies),
        inlinePolicies: inline(g.GroupPolicyList),
      });
    }
    for (const r of page.RoleDetailList ?? []) {
      if (!r.Arn || !r.RoleName) continue;
      out.roles.push({
        name: r.RoleName,
        arn: r.Arn,
        path: r.Path ?? "/",
        attachedPolicies: refs(r.AttachedManagedPolicies),
        inlinePolicies: inline(r.RolePolicyList),
      });
    }
    for (const p of page.Policies ?? []) {
      if (!p.Arn) continue;
      const version =
        p.PolicyVersionList?.find((v) => v.IsDefaultVersion) ??
        p.PolicyVersionList?.find((v) => v.VersionId === p.DefaultVersionId);
      out.policies.push({
        name: p.PolicyName ?? p.Arn.split("/").pop()!,
        arn: p.Arn,
        attachmentCount: p.AttachmentCount ?? 0,
        defaultVersionId: p.DefaultVersionId,
        document: parsePolicyDocument(version?.Document),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Password policy

/** The account password policy; an account without one (NoSuchEntity) is a value, not an error. */
export async function getPasswordPolicy(iam: IAMClient, signal?: AbortSignal): Promise<IamPasswordPolicy> {
  try {
    const out = await iam.send(new GetAccountPasswordPolicyCommand({}), { abortSignal: signal });
    const p = out.PasswordPolicy ?? {};
    return {
      configured: true,
      minimumPasswordLength: p.MinimumPasswordLength ?? 6,
      passwordReusePrevention: p.PasswordReusePrevention ?? null,
      requireUppercase: p.RequireUppercaseCharacters === true,
      requireLowercase: p.RequireLowercaseCharacters === true,
      requireNumbers: p.RequireNumbers === true,
      requireSymbols: p.RequireSymbols === true,
    };
  } catch (err) {
    if ((err as { name?: string }).name === "NoSuchEntityException") return { configured: false };
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Server certificates

/** Certificates uploaded to IAM (for load balancers and CloudFront before ACM), with their expiry. */
export async function listServerCertificates(iam: IAMClient, signal?: AbortSignal): Promise<IamServerCertificate[]> {
  const out: IamServerCertificate[] = [];
  for await (const page of paginateListServerCertificates({ client: iam }, {}, { abortSignal: signal })) {
    for (const c of page.ServerCertificateMetadataList ?? []) {
      if (!c.Arn) continue;
      out.push({
        name: c.ServerCertificateName ?? c.Arn,
        arn: c.Arn,
        expiration: c.Expiration ?? null,
        uploadDate: c.UploadDate ?? null,
      });
    }
  }
  return out;
}
