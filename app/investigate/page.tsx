import type { Metadata } from "next";
import { CopyButton } from "@/components/copy-button";
import { Link } from "@/components/link";
import {
  Button,
  Card,
  EmptyState,
  Input,
  PageHeader,
  Pill,
  Select,
  Stat,
  Table,
  formatDateTime,
  td,
  Thead,
  buttonClass,
} from "@/components/ui";
import { hasRole } from "@/lib/auth/roles";
import { auditAs, requirePage } from "@/lib/auth/server";
import { latestLookup, toLookupProgress } from "@/lib/db/queries/lookups";
import { CloudTrailLookup } from "./lookup";
import {
  INVESTIGATION_DAYS,
  INVESTIGATION_MAX_ROWS,
  investigateQuery,
  lookupTarget,
} from "@/lib/contracts/investigate";
import { getDb } from "@/lib/db";
import { listSubjectEvents, type SubjectEventRow } from "@/lib/db/queries/activity";
import { ACCESS_KEY_ID } from "@/lib/domain/links";

export const metadata: Metadata = { title: "Investigate" };

const service = (source: string) => source.replace(".amazonaws.com", "");

function summarize(rows: SubjectEventRow[]) {
  const distinct = (f: (r: SubjectEventRow) => string | null) => [...new Set(rows.map(f).filter(Boolean))] as string[];
  return {
    services: distinct((r) => service(r.eventSource)),
    regions: distinct((r) => r.region),
    accounts: distinct((r) => r.accountId),
    ips: distinct((r) => r.sourceIp),
    agents: distinct((r) => r.userAgent),
    keys: distinct((r) => r.accessKeyId),
    users: distinct((r) => r.userName),
    failed: rows.filter((r) => r.errorCode).length,
    first: rows[0]?.eventTime ?? null,
    last: rows.at(-1)?.eventTime ?? null,
  };
}

/** Calls per day across the window, as bars: when the activity started and how it grew. */
function Timeline({ rows, since, now }: { rows: SubjectEventRow[]; since: Date; now: Date }) {
  const days = Math.ceil((now.getTime() - since.getTime()) / 86_400_000);
  const counts = new Array<number>(days).fill(0);
  const failed = new Array<number>(days).fill(0);
  for (const r of rows) {
    const d = Math.min(days - 1, Math.floor((r.eventTime.getTime() - since.getTime()) / 86_400_000));
    counts[d]! += 1;
    if (r.errorCode) failed[d]! += 1;
  }
  const max = Math.max(1, ...counts);
  return (
    <div>
      <div className="flex h-24 items-end gap-px" role="img" aria-label={`Calls per day over ${days} days`}>
        {counts.map((n, i) => (
          <div
            key={i}
            className="flex flex-1 flex-col justify-end"
            title={`${new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10)}: ${n} calls, ${failed[i]} failed`}
          >
            <div className="bg-rose-400 dark:bg-rose-500" style={{ height: `${(failed[i]! / max) * 96}px` }} />
            <div className="bg-sky-500 dark:bg-sky-400" style={{ height: `${((n - failed[i]!) / max) * 96}px` }} />
          </div>
        ))}
      </div>
      <div className="mt-1 flex justify-between text-xs text-slate-500 dark:text-slate-400">
        <span>{since.toISOString().slice(0, 10)}</span>
        <span>
          <span className="mr-1 inline-block h-2 w-2 bg-sky-500" /> succeeded{" "}
          <span className="ml-2 mr-1 inline-block h-2 w-2 bg-rose-400" /> failed
        </span>
        <span>today</span>
      </div>
    </div>
  );
}

function Checklist({ q, keys, users, accounts }: { q: string; keys: string[]; users: string[]; accounts: string[] }) {
  const key = ACCESS_KEY_ID.test(q) ? q : (keys[0] ?? "ACCESS_KEY_ID");
  const user = users[0] ?? "USER_NAME";
  const commands = [
    {
      title: "Deactivate the key (in the account that owns it)",
      cli: `aws iam update-access-key --user-name ${user} --access-key-id ${key} --status Inactive`,
    },
    {
      title: "List the same person's other keys and console access",
      cli: `aws iam list-access-keys --user-name ${user} && aws iam get-login-profile --user-name ${user}`,
    },
    {
      title: "Revoke the sessions of a role it may have assumed",
      cli: `aws iam put-role-policy --role-name ROLE_NAME --policy-name RevokeOlderSessions --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"${new Date().toISOString()}"}}}]}'`,
    },
    {
      title: "Look for the key in every other account's CloudTrail",
      cli: `aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=${key} --max-results 50`,
    },
  ];
  return (
    <Card title="Immediate response" className="min-w-0">
      <p className="mb-3 text-xs text-slate-500 dark:text-slate-400">
        Posture is read-only: it shows these commands and never runs them. Run them with your own credentials
        {accounts.length > 0 ? ` in ${accounts.join(", ")}` : ""}.
      </p>
      <ol className="space-y-3 text-sm">
        {commands.map((c, i) => (
          <li key={c.title}>
            <div className="flex items-center justify-between gap-2">
              <span className="font-medium">
                {i + 1}. {c.title}
              </span>
              <CopyButton text={c.cli} label="Copy" />
            </div>
            <pre className="mt-1 whitespace-pre-wrap break-all rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
              {c.cli}
            </pre>
          </li>
        ))}
        <li>
          <span className="font-medium">{commands.length + 1}. Check the same person&apos;s access elsewhere</span>
          <p className="text-slate-600 dark:text-slate-400">
            SSO, CI secrets, other clouds and SaaS: a leaked key rarely leaks alone.
          </p>
        </li>
        <li>
          <span className="font-medium">{commands.length + 2}. Open an AWS support case</span>
          <p className="text-slate-600 dark:text-slate-400">
            Ask AWS to review the account (quota raises, SES sending, billing) while you clean up.
          </p>
        </li>
        <li>
          <span className="font-medium">{commands.length + 3}. Tell the owner</span>
          <p className="text-slate-600 dark:text-slate-400">The key&apos;s owner and the account&apos;s team.</p>
        </li>
      </ol>
    </Card>
  );
}

export default async function InvestigatePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePage("viewer");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = investigateQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : {};
  const q = query.q?.trim();
  const header = (
    <PageHeader
      title="Investigate"
      description={`Who did this? An access key id, an IAM user, role or role session, and its CloudTrail activity across the organization's accounts and regions over the last ${INVESTIGATION_DAYS} days.`}
    />
  );
  const search = (
    <form method="get" className="mb-6 flex flex-wrap gap-2" role="search">
      <label htmlFor="investigate-q" className="sr-only">
        Access key id, user, role or session
      </label>
      <Input
        id="investigate-q"
        name="q"
        defaultValue={q}
        placeholder="AKIA…, j.doe, arn:aws:iam::…:role/…, session name"
        className="w-full max-w-xl font-mono"
      />
      <Button type="submit" variant="primary">
        Investigate
      </Button>
    </form>
  );
  if (!q)
    return (
      <>
        {header}
        {search}
        <EmptyState
          title="Whom do you want to trace?"
          description="Enter an access key id from a finding, an alert or a leak report. Posture reads the events its canary job and activity watch stored from CloudTrail."
          steps={[
            {
              title: "From a canary or a finding",
              body: "Canary keys and findings about a key or a principal link here directly.",
            },
            {
              title: "Across accounts",
              body: "The same key or user is searched in every account you may see, in every region.",
            },
          ]}
        />
      </>
    );
  const db = await getDb();
  const now = new Date();
  const since = new Date(now.getTime() - INVESTIGATION_DAYS * 86_400_000);
  const filter = {
    q,
    since,
    accountIds: query.account ? [query.account] : undefined,
    regions: query.region ? [query.region] : undefined,
    services: query.service ? [query.service] : undefined,
    failedOnly: query.failed === "1",
  };
  const target = lookupTarget(q);
  const canLookUp = hasRole(viewer.role, "triager") && target !== null;
  const [all, rows, lastLookup] = await Promise.all([
    listSubjectEvents(db, { scope: viewer.scope, filter: { q, since }, limit: INVESTIGATION_MAX_ROWS }),
    listSubjectEvents(db, { scope: viewer.scope, filter, limit: INVESTIGATION_MAX_ROWS }),
    canLookUp ? latestLookup(db, { subject: target.subject, userId: viewer.user.id }) : null,
  ]);
  const lookup = canLookUp ? (
    <CloudTrailLookup key={q} q={q} initial={lastLookup ? toLookupProgress(lastLookup) : null} />
  ) : null;
  await auditAs(db, viewer, {
    action: "investigation.view",
    outcome: "success",
    target: { type: "principal", id: q },
    details: { events: all.length, filters: { ...query } },
  });
  const sum = summarize(all);
  const params = new URLSearchParams(
    Object.entries({ q, ...query }).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  );
  const filtered = rows.length !== all.length;
  return (
    <>
      {header}
      {search}
      {lookup}
      {all.length === 0 ? (
        <EmptyState
          title={`No stored activity for ${q}`}
          description="Posture has no CloudTrail event of this key or principal in the accounts you may see. Events come from the canary job (canary keys), the activity watch (risky management calls) and lookups made here."
          steps={[
            canLookUp
              ? {
                  title: "Look it up in CloudTrail now",
                  body: "Above: Posture reads the last days of CloudTrail in every account you may see and keeps what it finds.",
                }
              : {
                  title: "Ask a triager to look it up",
                  body: "Triagers and admins can read CloudTrail for it from here; or run: aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=…",
                },
          ]}
        />
      ) : (
        <div className="space-y-6">
          <dl className="grid grid-cols-2 gap-4 md:grid-cols-5">
            <Stat label="Calls" value={sum.failed > 0 ? `${all.length}` : all.length} hint={`${sum.failed} failed`} />
            <Stat label="Services" value={sum.services.length} hint={sum.services.slice(0, 4).join(", ")} />
            <Stat label="Regions" value={sum.regions.length} hint={sum.regions.slice(0, 3).join(", ")} />
            <Stat label="Source IPs" value={sum.ips.length} hint={sum.ips.slice(0, 2).join(", ")} />
            <Stat label="User agents" value={sum.agents.length} />
          </dl>
          <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <Card title="Timeline" className="min-w-0">
              <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
                First seen {formatDateTime(sum.first)}, last seen {formatDateTime(sum.last)}
                {sum.users.length > 0 && <> · user {sum.users.join(", ")}</>}
                {sum.keys.length > 0 && <> · key {sum.keys.join(", ")}</>}
              </p>
              <Timeline rows={all} since={since} now={now} />
            </Card>
            <Checklist q={q} keys={sum.keys} users={sum.users} accounts={sum.accounts} />
          </div>
          <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Filter events">
            <input type="hidden" name="q" value={q} />
            {(
              [
                ["account", "Account", sum.accounts],
                ["region", "Region", sum.regions],
                ["service", "Service", [...new Set(all.map((r) => r.eventSource))]],
              ] as const
            ).map(([name, label, options]) => (
              <label key={name} className="text-sm">
                <span className="block text-xs text-slate-500 dark:text-slate-400">{label}</span>
                <Select name={name} defaultValue={query[name] ?? ""}>
                  <option value="">All</option>
                  {options.map((o) => (
                    <option key={o} value={o}>
                      {name === "service" ? service(o) : o}
                    </option>
                  ))}
                </Select>
              </label>
            ))}
            <label className="flex items-center gap-1 text-sm">
              <input type="checkbox" name="failed" value="1" defaultChecked={query.failed === "1"} /> Failed calls only
            </label>
            <Button type="submit">Filter</Button>
            {filtered && (
              <Link className={buttonClass({ variant: "secondary" })} href={`/investigate?q=${encodeURIComponent(q)}`}>
                Clear filters
              </Link>
            )}
            <a className={buttonClass({ variant: "secondary" })} href={`/api/investigate/export?${params.toString()}`}>
              Export CSV
            </a>
          </form>
          <Table caption={`Activity of ${q}`}>
            <Thead
              columns={[
                "Time",
                "User name",
                "Access key",
                "Account",
                "Service",
                "Action",
                "Region",
                "Source IP",
                "User agent",
                "Error",
              ]}
            />
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className={td}>{formatDateTime(r.eventTime)}</td>
                  <td className={td}>{r.userName ?? "—"}</td>
                  <td className={`${td} font-mono text-xs`}>{r.accessKeyId ?? "—"}</td>
                  <td className={`${td} font-mono text-xs`}>{r.accountId}</td>
                  <td className={td}>{service(r.eventSource)}</td>
                  <td className={td}>{r.eventName}</td>
                  <td className={td}>{r.region}</td>
                  <td className={`${td} font-mono text-xs`}>{r.sourceIp ?? "—"}</td>
                  <td className={`${td} max-w-xs truncate text-xs`} title={r.userAgent ?? undefined}>
                    {r.userAgent ?? "—"}
                  </td>
                  <td className={td}>{r.errorCode ? <Pill tone="bad">{r.errorCode}</Pill> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          {rows.length === 0 && (
            <p className="text-sm text-slate-500 dark:text-slate-400">No event matches these filters.</p>
          )}
        </div>
      )}
    </>
  );
}
