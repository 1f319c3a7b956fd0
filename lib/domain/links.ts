// Where a finding about a key or a principal links to: the investigation view of its CloudTrail activity.

/** An AWS access key id: AKIA (long-term) or ASIA (temporary) and 16 base32 characters. */
export const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z2-7]{16}$/;

export type InvestigationSubject = { accessKeyId: string } | { principal: string };

/** The investigation page for an access key id, or an IAM user, role or role session (name or ARN). */
export function investigationUrl(subject: InvestigationSubject): string {
  const q = "accessKeyId" in subject ? subject.accessKeyId : subject.principal;
  return `/investigate?q=${encodeURIComponent(q.trim())}`;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The timeline of an account; with `around`, the day before it to the day after it: what else happened
 * in that account around a cost incident or a GuardDuty finding.
 */
export function timelineUrl(p: { account: string; around?: Date | string }): string {
  const params = new URLSearchParams({ account: p.account });
  if (p.around !== undefined) {
    const day = Date.parse(typeof p.around === "string" ? p.around.slice(0, 10) : isoDay(p.around));
    params.set("from", isoDay(new Date(day - 86_400_000)));
    params.set("to", isoDay(new Date(day + 86_400_000)));
  }
  return `/timeline?${params.toString()}`;
}

/** The Costs page for one account, at its budgets and billing alarms (where a billing finding sends people). */
export function accountBudgetsUrl(accountId: string): string {
  return `/costs?${new URLSearchParams({ account: accountId }).toString()}#budgets`;
}

export type PageLink = { label: string; href: string };

const localPath = (v: unknown): string | undefined =>
  typeof v === "string" && v.startsWith("/") && !v.startsWith("//") ? v : undefined;

/** The pages a finding sends its reader to: the account's budgets, its costs, who called the service. */
export function findingPageLinks(f: { checkId: string; accountId: string; evidence?: Record<string, unknown> | null }) {
  const links: PageLink[] = [];
  if (f.checkId === "billing_alarm_or_budget_missing")
    links.push({ label: "This account's spend, budgets and billing alarms", href: accountBudgetsUrl(f.accountId) });
  const costs = localPath(f.evidence?.costsUrl);
  if (costs) links.push({ label: "This account's costs by service", href: costs });
  const investigation = localPath(f.evidence?.investigationUrl);
  if (investigation) links.push({ label: "Who called the service (CloudTrail)", href: investigation });
  return links;
}
