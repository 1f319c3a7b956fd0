import type { Metadata } from "next";
import { Link } from "@/components/link";
import { getDb } from "@/lib/db";
import { listAccounts, listOrganizations } from "@/lib/db/queries/accounts";
import { listAccountLastRunProblems } from "@/lib/db/queries/collection";
import { listAccountScores } from "@/lib/db/queries/overview";
import { SCORE_FORMULA } from "@/lib/scoring";
import type { DiscoveryMode } from "@/lib/domain/vocabulary";
import { collectionAvailability } from "@/lib/jobs";
import { CollectNow } from "@/components/collect-now";
import { connectSteps } from "@/components/connect-steps";
import { StatusPill } from "@/components/status";
import { EmptyState, PageHeader, Pill, Table, Thead, formatDateTime, td } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { hasRole } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Accounts" };

const discoveryLabels: Record<DiscoveryMode, string> = {
  organizations: "Discovered through AWS Organizations",
  configured: "Configured account list (no Organizations access)",
  single: "Hub account only",
  demo: "simulated data",
};

export default async function AccountsPage() {
  const viewer = await requirePage("viewer");
  const db = await getDb();
  // Runs and collection span the whole organization: admins only (the routes check it again).
  const admin = hasRole(viewer.role, "admin");
  const [accounts, orgs, problems, scores, collection] = await Promise.all([
    listAccounts(db, viewer.scope),
    listOrganizations(db, viewer.scope),
    listAccountLastRunProblems(db, viewer.scope),
    listAccountScores(db, viewer.scope),
    admin ? collectionAvailability(db) : null,
  ]);
  return (
    <>
      <PageHeader
        title="Accounts"
        description="Every account of the organization, its environment and the outcome of its last collection."
        actions={
          collection && (
            <div className="flex items-start gap-4">
              <Link
                href="/runs"
                className="py-2 text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
              >
                Collection runs →
              </Link>
              <CollectNow compact state={{ blocked: collection.blocked, activeRunId: collection.activeRunId }} />
            </div>
          )
        }
      />
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
        <EmptyState
          title="No accounts discovered"
          description="Accounts appear after the first collection discovers your organization."
          steps={connectSteps}
        />
      ) : (
        <Table caption="AWS accounts">
          <Thead
            columns={[
              "Account",
              <abbr key="score" title={SCORE_FORMULA} className="cursor-help no-underline">
                Score
              </abbr>,
              "Environment",
              "OU",
              "Last collected",
              "Problems",
            ]}
          />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {accounts.map((a) => (
              <tr key={a.id}>
                <td className={td}>
                  <div className="font-medium">
                    {a.name}
                    {a.status !== "active" && (
                      <span className="ml-2">
                        <Pill>{a.status.replace("_", " ")}</Pill>
                      </span>
                    )}
                  </div>
                  <div className="font-mono text-xs text-slate-500">{a.id}</div>
                </td>
                <td className={`${td} text-lg font-semibold tabular-nums`} title={SCORE_FORMULA}>
                  {scores.get(a.id) ?? "—"}
                </td>
                <td className={td}>
                  <Pill tone={a.environment === "prod" ? "bad" : a.environment === "staging" ? "warn" : "neutral"}>
                    {a.environment}
                  </Pill>
                </td>
                <td className={td}>{a.ouPath ?? "—"}</td>
                <td className={td}>
                  {a.lastRunId && admin ? (
                    <Link href={`/runs/${a.lastRunId}`} className="hover:underline">
                      {formatDateTime(a.lastCollectedAt)}
                    </Link>
                  ) : a.lastCollectedAt ? (
                    formatDateTime(a.lastCollectedAt)
                  ) : (
                    "never"
                  )}
                  {a.lastCollectionStatus && (
                    <div className="mt-1">
                      <StatusPill status={a.lastCollectionStatus} />
                    </div>
                  )}
                </td>
                <td className="min-w-48 max-w-xs px-4 py-2.5 align-top text-xs">
                  {(() => {
                    const p = problems.get(a.id);
                    if (!p || p.failed + p.partial === 0) return <span className="text-slate-400">—</span>;
                    return (
                      <>
                        <span className="font-mono font-semibold">{p.codes.join(", ")}</span>
                        <span className="text-slate-500">
                          {" "}
                          · {p.failed} failed, {p.partial} partial
                        </span>
                        {p.message && (
                          <p className="line-clamp-2 text-slate-600 dark:text-slate-400" title={p.message}>
                            {p.message}
                          </p>
                        )}
                      </>
                    );
                  })()}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
