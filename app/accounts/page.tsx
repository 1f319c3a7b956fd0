import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { listAccounts, listOrganizations } from "@/lib/db/queries/accounts";
import { ALL_ACCOUNTS } from "@/lib/db/queries/scope";
import type { DiscoveryMode } from "@/lib/db/enums";
import { connectSteps } from "@/components/connect-steps";
import { EmptyState, PageHeader, Pill, Table, formatDateTime, td, th } from "@/components/ui";

export const metadata: Metadata = { title: "Accounts" };

const discoveryLabels: Record<DiscoveryMode, string> = {
  organizations: "Discovered through AWS Organizations",
  configured: "Configured account list (no Organizations access)",
  single: "Hub account only",
  demo: "Demo organization",
};

export default async function AccountsPage() {
  const db = await getDb();
  const [accounts, orgs] = await Promise.all([listAccounts(db, ALL_ACCOUNTS), listOrganizations(db)]);
  return (
    <>
      <PageHeader title="Accounts" description="Every account of the organization, its environment and the outcome of its last collection." />
      {orgs.length > 0 && (
        <ul className="mb-4 flex flex-wrap gap-2 text-sm" aria-label="Organizations">
          {orgs.map((o) => (
            <li key={o.id}>
              <Pill tone={o.isDemo ? "warn" : "neutral"}>
                {o.name} · {discoveryLabels[o.discoveryMode]}
              </Pill>
            </li>
          ))}
        </ul>
      )}
      {accounts.length === 0 ? (
        <EmptyState title="No accounts discovered" description="Accounts appear after the first collection discovers your organization." steps={connectSteps} />
      ) : (
        <Table caption="AWS accounts">
          <thead>
            <tr>
              <th scope="col" className={th}>Account</th>
              <th scope="col" className={th}>Environment</th>
              <th scope="col" className={th}>OU</th>
              <th scope="col" className={th}>Status</th>
              <th scope="col" className={th}>Last collected</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {accounts.map((a) => (
              <tr key={a.id}>
                <td className={td}>
                  <div className="font-medium">{a.name}</div>
                  <div className="font-mono text-xs text-slate-500">{a.id}</div>
                </td>
                <td className={td}>
                  <Pill tone={a.environment === "prod" ? "bad" : a.environment === "staging" ? "warn" : "neutral"}>{a.environment}</Pill>
                </td>
                <td className={td}>{a.ouPath ?? "—"}</td>
                <td className={td}>
                  <Pill tone={a.status === "active" ? "good" : "neutral"}>{a.status.replace("_", " ")}</Pill>
                </td>
                <td className={td}>
                  {formatDateTime(a.lastCollectedAt)}
                  {a.lastCollectionStatus && <span className="ml-2 text-xs text-slate-500">({a.lastCollectionStatus})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
