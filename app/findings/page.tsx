import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { listOpenFindings } from "@/lib/db/queries/findings";
import { connectSteps } from "@/components/connect-steps";
import { EmptyState, PageHeader, SeverityBadge, Table, formatDateTime, td, Thead } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";

export const metadata: Metadata = { title: "Findings" };

const PAGE_SIZE = 200;

export default async function FindingsPage() {
  const viewer = await requirePage("viewer");
  const db = await getDb();
  const rows = await listOpenFindings(db, viewer.scope, { limit: PAGE_SIZE });
  return (
    <>
      <PageHeader title="Findings" description="Open misconfigurations found by Posture's checks, most severe first." />
      {rows.length === 0 ? (
        <EmptyState
          title="No open findings"
          description="Either no account has been collected yet, or every check passes. Findings appear after a collection and resolve themselves when the check passes again."
          steps={connectSteps}
        />
      ) : (
        <Table caption="Open findings">
          <Thead columns={["Severity", "Check", "Account", "Resource", "Status", "First seen"]} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {rows.map((f) => (
              <tr key={f.id}>
                <td className={td}>
                  <SeverityBadge severity={f.severity} />
                </td>
                <td className="min-w-64 max-w-md px-4 py-2.5 align-top">
                  <div className="font-medium">{f.title}</div>
                  <div className="font-mono text-xs text-slate-500">{f.checkId}</div>
                </td>
                <td className={td}>
                  {f.accountName} <span className="text-xs text-slate-500">({f.environment})</span>
                  <div className="text-xs text-slate-500">{f.region}</div>
                </td>
                <td className={td}>
                  <span className="block max-w-[16rem] truncate font-mono text-xs" title={f.resourceId}>
                    {f.resourceId}
                  </span>
                </td>
                <td className={td}>{f.status}</td>
                <td className={td}>{formatDateTime(f.firstSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
