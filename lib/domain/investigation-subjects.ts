import { investigationUrl, type InvestigationSubject } from "./links";

// Which keys and principals a finding is about, so every page links them to the investigation the
// same way. GuardDuty findings carry them in AccessKeyDetails and in an attack sequence's actors;
// posture findings in their resource (IAM users, root, access keys) or their event evidence.

export type SubjectLink = { kind: "key" | "principal"; value: string; href: string };

/** GuardDuty's and CloudTrail's access key ids; GuardDuty's sample findings use placeholders that fail it. */
const KEY_LIKE = /^A[KS]IA[A-Z0-9]{12,124}$/;
const PLACEHOLDER = /^GeneratedFinding/i;
const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:(root|user\/.+|role\/.+|assumed-role\/.+)$/;

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function link(subject: InvestigationSubject): SubjectLink {
  return "accessKeyId" in subject
    ? { kind: "key", value: subject.accessKeyId, href: investigationUrl(subject) }
    : { kind: "principal", value: subject.principal, href: investigationUrl(subject) };
}

/** Keys first, then principals, each once. */
function collect(keys: (string | undefined)[], principals: (string | undefined)[]): SubjectLink[] {
  const k = [...new Set(keys.filter((v): v is string => !!v && KEY_LIKE.test(v)))];
  const p = [...new Set(principals.filter((v): v is string => !!v && !PLACEHOLDER.test(v)))];
  return [...k.map((accessKeyId) => link({ accessKeyId })), ...p.map((principal) => link({ principal }))];
}

/** Root has no user name in CloudTrail worth searching: its ARN is what CloudTrail records. */
function principalOf(accountId: string, userName?: string | null, userType?: string | null): string | undefined {
  if (userType?.toLowerCase() === "root") return /^\d{12}$/.test(accountId) ? `arn:aws:iam::${accountId}:root` : "root";
  return userName ?? undefined;
}

export type GuardDutySubjectSource = {
  accountId: string;
  accessKeyId?: string | null;
  principalId?: string | null;
  details?: {
    userName?: string | null;
    userType?: string | null;
    sequence?: { actors?: { userName?: string; userType?: string; credentialUid?: string }[] | null } | null;
  } | null;
  /** GetFindings' JSON, read when the columns miss something (findings stored before they were kept). */
  raw?: unknown;
};

/** The access keys and principals a stored GuardDuty finding (or attack sequence) is about. */
export function guardDutySubjects(f: GuardDutySubjectSource): SubjectLink[] {
  const rawKey = obj(obj(obj(f.raw).Resource).AccessKeyDetails);
  const userName = str(f.details?.userName) ?? str(rawKey.UserName);
  const userType = str(f.details?.userType) ?? str(rawKey.UserType);
  const actors = f.details?.sequence?.actors ?? [];
  return collect(
    [f.accessKeyId ?? str(rawKey.AccessKeyId), ...actors.map((a) => a.credentialUid)],
    [
      principalOf(f.accountId, userName, userType),
      ...actors.map((a) => principalOf(f.accountId, a.userName, a.userType)),
    ],
  );
}

/** One attack-sequence actor's key and principal. */
export function sequenceActorSubjects(
  accountId: string,
  actor: { userName?: string; userType?: string; credentialUid?: string },
): SubjectLink[] {
  return collect([actor.credentialUid], [principalOf(accountId, actor.userName, actor.userType)]);
}

export type FindingSubjectSource = {
  checkId: string;
  resourceType: string;
  resourceId: string;
  evidence?: Record<string, unknown> | null;
};

/**
 * The key or principal a posture finding is about: an IAM user or root (its ARN, as CloudTrail
 * records it), an access key (canary keys), or the caller of a risky-activity event.
 */
export function findingSubjects(f: FindingSubjectSource): SubjectLink[] {
  const ev = obj(f.evidence);
  switch (f.resourceType) {
    case "AWS::IAM::AccessKey":
      return collect([str(ev.accessKeyId) ?? f.resourceId], []);
    case "AWS::IAM::User":
    case "AWS::IAM::Root":
      return collect([], [IAM_PRINCIPAL_ARN.test(f.resourceId) ? f.resourceId : str(ev.user)]);
    case "AWS::CloudTrail::Principal": {
      const named = IAM_PRINCIPAL_ARN.test(f.resourceId) ? f.resourceId : undefined;
      return collect([str(ev.accessKeyId)], [str(ev.principalArn) ?? str(ev.userName) ?? named]);
    }
    default:
      return [];
  }
}

/** A CloudTrail caller (the SES senders behind a sending spike): its key and its principal. */
export function callerSubjects(c: {
  accessKeyId?: string | null;
  principalArn?: string | null;
  userName?: string | null;
}): SubjectLink[] {
  return collect([str(c.accessKeyId)], [str(c.principalArn) ?? str(c.userName)]);
}
