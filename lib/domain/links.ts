// Where a finding about a key or a principal links to: the investigation view of its CloudTrail activity.

/** An AWS access key id: AKIA (long-term) or ASIA (temporary) and 16 base32 characters. */
export const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z2-7]{16}$/;

export type InvestigationSubject = { accessKeyId: string } | { principal: string };

/** The investigation page for an access key id, or an IAM user, role or role session (name or ARN). */
export function investigationUrl(subject: InvestigationSubject): string {
  const q = "accessKeyId" in subject ? subject.accessKeyId : subject.principal;
  return `/investigate?q=${encodeURIComponent(q.trim())}`;
}
