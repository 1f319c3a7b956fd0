import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { severities } from "@/lib/domain/vocabulary";
import { listCheckCatalog, type CatalogRow } from "@/lib/db/queries/checks";
import { readCache } from "@/lib/db/read-cache";
import { CopyButton } from "@/components/copy-button";
import { PageHeader, Pill, SeverityBadge } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";

export const metadata: Metadata = { title: "Checks" };

function Snippet({ title, text }: { title: string; text: string }) {
  return (
    <div className="mt-3">
      <div className="mb-1 flex items-center justify-between">
        <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</span>
        <CopyButton text={text} label={title} />
      </div>
      <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{text}</pre>
    </div>
  );
}

function CheckRow({ c }: { c: CatalogRow }) {
  const evaluated = c.passed + c.failed > 0;
  return (
    <li className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <details>
        <summary className="flex cursor-pointer list-none flex-wrap items-center gap-3 px-4 py-3">
          <SeverityBadge severity={c.severity} />
          <span className="min-w-64 flex-1">
            <span className="font-medium">{c.title}</span>
            <span className="ml-2 font-mono text-xs text-slate-500">{c.id}</span>
          </span>
          <Pill>{c.service}</Pill>
          {c.scope === "organization" && <Pill>organization-wide</Pill>}
          <span className="w-44 text-right text-xs tabular-nums" data-testid="check-counts">
            {evaluated ? (
              <>
                <span className={c.failed > 0 ? "font-semibold text-red-700 dark:text-red-300" : "text-slate-500"}>
                  {c.failed} failing
                </span>
                <span className="text-slate-500"> · {c.passed} passing</span>
              </>
            ) : (
              <span className="text-slate-400">not evaluated yet</span>
            )}
          </span>
        </summary>
        <div className="border-t border-slate-100 px-4 py-4 text-sm dark:border-slate-800">
          <p className="text-slate-700 dark:text-slate-300">{c.description}</p>
          {c.frameworks.length > 0 && (
            <p className="mt-2 text-xs text-slate-500">
              {c.frameworks.map((f) => `${f.framework} ${f.control}`).join(" · ")}
            </p>
          )}
          <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Remediation</h3>
          <ol className="mt-1 list-decimal space-y-1 pl-5">
            {c.remediation.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          {c.remediation.cli && <Snippet title="AWS CLI" text={c.remediation.cli} />}
          {c.remediation.terraform && <Snippet title="Terraform" text={c.remediation.terraform} />}
        </div>
      </details>
    </li>
  );
}

export default async function ChecksPage() {
  const viewer = await requirePage("viewer");
  const db = await getDb();
  const rows = await readCache.read(db, { name: "checks", scope: viewer.scope }, () =>
    listCheckCatalog(db, viewer.scope),
  );
  const rank = (s: CatalogRow["severity"]) => severities.indexOf(s);
  const sorted = [...rows].sort(
    (a, b) =>
      Number(b.failed > 0) - Number(a.failed > 0) || rank(a.severity) - rank(b.severity) || a.id.localeCompare(b.id),
  );
  const failing = rows.filter((r) => r.failed > 0).length;
  return (
    <>
      <PageHeader
        title="Checks"
        description={`The ${rows.length} checks Posture runs, with how many resources pass and fail each across the accounts you can see. ${failing} check${failing === 1 ? "" : "s"} failing somewhere.`}
      />
      <ul className="space-y-2" aria-label="Check catalogue">
        {sorted.map((c) => (
          <CheckRow key={c.id} c={c} />
        ))}
      </ul>
    </>
  );
}
