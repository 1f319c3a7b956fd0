import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { listGuardDutyFindings } from "@/lib/db/queries/guardduty";
import { connectSteps } from "@/components/connect-steps";
import { EmptyState, PageHeader, SeverityBadge, Table, formatDateTime, td, Thead } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";

export const metadata: Metadata = { title: "GuardDuty" };

export default async function GuardDutyPage() {
  const viewer = await requirePage("viewer");
  const db = await getDb();
  const rows = await listGuardDutyFindings(db, viewer.scope, { limit: 200 });
  return (
    <>
      <PageHeader
        title="GuardDuty"
        description="Active threat findings reported by Amazon GuardDuty in every account and enabled region."
      />
      {rows.length === 0 ? (
        <EmptyState
          title="No GuardDuty findings"
          description="Nothing has been reported yet. Posture reads findings from every region where GuardDuty is enabled, and flags regions where it is off."
          steps={[
            ...connectSteps.slice(0, 2),
            {
              title: "Enable GuardDuty",
              body: "Turn on GuardDuty in every account and region, ideally with a delegated administrator for the organization.",
            },
          ]}
        />
      ) : (
        <Table caption="GuardDuty findings">
          <Thead columns={["Severity", "Finding", "Account", "Resource", "Count", "Last seen"]} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {rows.map((g) => (
              <tr key={`${g.accountId}/${g.region}/${g.id}`}>
                <td className={td}>
                  <SeverityBadge severity={g.severityLabel} />{" "}
                  <span className="ml-1 text-xs tabular-nums text-slate-500">{g.severity.toFixed(1)}</span>
                </td>
                <td className="min-w-64 max-w-md px-4 py-2.5 align-top">
                  <div className="font-medium">{g.title}</div>
                  <div className="break-all font-mono text-xs text-slate-500">{g.type}</div>
                </td>
                <td className={td}>
                  {g.accountName}
                  <div className="text-xs text-slate-500">{g.region}</div>
                </td>
                <td className="max-w-56 px-4 py-2.5 align-top text-xs">
                  {g.resourceType}
                  {g.resourceId && <div className="break-all font-mono text-slate-500">{g.resourceId}</div>}
                </td>
                <td className={`${td} tabular-nums`}>{g.count}</td>
                <td className={td}>{formatDateTime(g.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
