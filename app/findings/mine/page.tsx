import type { Metadata } from "next";
import { Link } from "@/components/link";
import { EmptyState, PageHeader, Pill, SeverityBadge, Table, Thead, formatDateTime, td } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { DUE_SOON_DAYS } from "@/lib/contracts/findings-filter";
import { getDb } from "@/lib/db";
import { listMyFindings, type MyFindingRow } from "@/lib/db/queries/my-findings";
import { slaState } from "@/lib/findings/sla";

export const metadata: Metadata = { title: "My findings" };

const LIMIT = 100;
const SLA_TEXT = { overdue: "Overdue", due_soon: "Due soon", on_time: "On time" } as const;
const SLA_TONE = { overdue: "bad", due_soon: "warn", on_time: "good" } as const;

function FindingTable({ caption, rows, now }: { caption: string; rows: MyFindingRow[]; now: Date }) {
  return (
    <Table caption={caption}>
      <Thead columns={["Severity", "Check", "Resource", "Account", "Status", "Due"]} />
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {rows.map((f) => {
          const state = slaState(f.dueAt, now, DUE_SOON_DAYS);
          return (
            <tr key={f.id} className={state === "overdue" ? "bg-rose-50/60 dark:bg-rose-500/5" : undefined}>
              <td className={td}>
                <SeverityBadge severity={f.severity} />
              </td>
              <td className="min-w-64 max-w-md px-4 py-2.5 align-top">
                <Link
                  href={`/findings/${f.id}`}
                  className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {f.title}
                </Link>
              </td>
              <td className={td}>
                <span className="block max-w-[16rem] truncate font-mono text-xs" title={f.resourceId}>
                  {f.resourceId}
                </span>
              </td>
              <td className={td}>
                {f.accountName} <span className="text-xs text-slate-500">({f.environment})</span>
                <div className="text-xs text-slate-500">{f.region}</div>
              </td>
              <td className={td}>{f.status}</td>
              <td className={td}>
                {state ? (
                  <>
                    <Pill tone={SLA_TONE[state]}>{SLA_TEXT[state]}</Pill>
                    <div className="text-xs text-slate-500">{formatDateTime(f.dueAt)}</div>
                  </>
                ) : (
                  <span className="text-slate-500">no deadline</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

const requestTime = () => new Date();
const toTheList = [
  {
    title: "Browse every finding",
    body: "Filter by account, check or severity, and assign what needs an owner.",
    href: "/findings",
    linkLabel: "Open Findings",
  },
];

/** What to work on: findings assigned to me, then the rest of my scope, overdue first. */
export default async function MyFindingsPage() {
  const viewer = await requirePage("viewer");
  const db = await getDb();
  const now = requestTime();
  const { assigned, inMyScope } = await listMyFindings(db, {
    userId: viewer.user.id,
    scope: viewer.scope,
    now,
    limit: LIMIT,
  });
  const header = (
    <PageHeader
      title="My findings"
      description="Open findings assigned to you, then the others in your scope. Overdue first."
    />
  );
  if (assigned.length === 0 && inMyScope.length === 0)
    return (
      <>
        {header}
        <EmptyState
          title="No open findings for you"
          description="Nothing is assigned to you and the accounts you can see have no open finding. Findings appear after a collection."
          steps={toTheList}
        />
      </>
    );
  return (
    <>
      {header}
      <section className="mb-8">
        <h2 className="mb-3 text-base font-semibold">
          Assigned to me ({assigned.length === LIMIT ? `${LIMIT}+` : assigned.length})
        </h2>
        {assigned.length === 0 ? (
          <EmptyState
            title="Nothing assigned to you"
            description="When a triager assigns you a finding it appears here, with its deadline."
            steps={toTheList}
          />
        ) : (
          <FindingTable caption="Findings assigned to me" rows={assigned} now={now} />
        )}
      </section>
      <section>
        <h2 className="mb-3 text-base font-semibold">In my scope</h2>
        {inMyScope.length === 0 ? (
          <EmptyState
            title="No other open findings"
            description="Every open finding in the accounts you can see is assigned to you, or there is none."
            steps={toTheList}
          />
        ) : (
          <FindingTable caption="Other open findings in my scope" rows={inMyScope} now={now} />
        )}
      </section>
    </>
  );
}
