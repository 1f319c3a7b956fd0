import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getDb } from "@/lib/db";
import { getGuardDutyFinding } from "@/lib/db/queries/guardduty";
import { guardDutySeverityLabel } from "@/lib/domain/guardduty";
import { timelineUrl } from "@/lib/domain/links";
import { guardDutySubjects, sequenceActorSubjects } from "@/lib/domain/investigation-subjects";
import { InvestigateLinks } from "@/components/investigate-links";
import { Link } from "@/components/link";
import { Card, PageHeader, Pill, SeverityBadge, buttonClass, formatDateTime } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { findingHref } from "../../../../coverage-grid";
import { guardDutyFindingParams } from "./search-params";

export const metadata: Metadata = { title: "GuardDuty finding" };

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  const shown = rows.filter(([, v]) => v !== undefined && v !== null && v !== "");
  if (shown.length === 0) return <p className="text-sm text-slate-500">GuardDuty gave none.</p>;
  return (
    <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1.5 text-sm">
      {shown.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
          <dd className="break-all font-mono text-xs leading-5">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const at = (iso?: string) => (iso ? formatDateTime(new Date(iso)) : "—");

export default async function GuardDutyFindingPage({
  params,
}: {
  params: Promise<{ accountId: string; region: string; id: string }>;
}) {
  const viewer = await requirePage("viewer");
  const raw = await params;
  const parsed = guardDutyFindingParams.safeParse({ ...raw, id: decodeURIComponent(raw.id) });
  if (!parsed.success) notFound();
  const db = await getDb();
  const found = await getGuardDutyFinding(db, { scope: viewer.scope, ...parsed.data });
  if (!found) notFound();
  const { finding: f, accountName, environment, linked } = found;
  const d = f.details;
  const a = d.action ?? {};
  const seq = d.sequence;
  const subjects = guardDutySubjects(f);
  const linkOf = (uid: string) => linked.find((l) => l.id === uid || l.arn === uid);
  const signals = [...(seq?.signals ?? [])].sort((x, y) => (x.firstSeenAt ?? "").localeCompare(y.firstSeenAt ?? ""));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/guardduty" className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← GuardDuty
        </Link>
      </p>
      <PageHeader
        title={f.title}
        description={f.description ?? f.type}
        actions={
          <Link
            href={timelineUrl({ account: f.accountId, around: f.firstSeenAt })}
            className={buttonClass({ size: "sm" })}
            data-testid="timeline-around"
          >
            What else happened that day
          </Link>
        }
      />
      <div className="mb-6 flex flex-wrap items-center gap-2 text-sm">
        <SeverityBadge severity={f.severityLabel} />
        <span className="tabular-nums text-slate-600 dark:text-slate-400">{f.severity.toFixed(1)}</span>
        <span className="font-mono text-xs">{f.type}</span>
        {f.archived && <Pill>archived</Pill>}
        {seq && <Pill tone="bad">attack sequence</Pill>}
        <span className="text-slate-600 dark:text-slate-400">
          {accountName} ({environment}) · {f.region} · seen {f.count}× · first {formatDateTime(f.firstSeenAt)} · last{" "}
          {formatDateTime(f.lastSeenAt)}
        </span>
      </div>

      {seq && (
        <Card title="Attack sequence" className="mb-6">
          <p className="mb-4 text-sm">{seq.description}</p>
          <ol className="relative ml-2 border-l border-slate-300 dark:border-slate-700" data-testid="sequence-signals">
            {signals.map((g) => {
              const link = g.type === "FINDING" ? linkOf(g.uid) : undefined;
              return (
                <li key={g.uid} className="mb-4 ml-4">
                  <span className="absolute -left-1.5 mt-1.5 size-3 rounded-full border border-white bg-indigo-500 dark:border-slate-900" />
                  <div className="text-xs text-slate-500 dark:text-slate-400">
                    {at(g.firstSeenAt)} → {at(g.lastSeenAt)} · {g.type.replace(/_/g, " ").toLowerCase()}
                    {g.count !== undefined && ` · ${g.count}×`}
                  </div>
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    {g.severity !== undefined && <SeverityBadge severity={guardDutySeverityLabel(g.severity)} />}
                    {link ? (
                      <Link
                        href={findingHref(link)}
                        className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                      >
                        {g.name}
                      </Link>
                    ) : (
                      <span className="font-medium">{g.name}</span>
                    )}
                  </div>
                  {g.description && <p className="text-sm text-slate-600 dark:text-slate-400">{g.description}</p>}
                </li>
              );
            })}
          </ol>
          <div className="mt-2 grid gap-4 md:grid-cols-3">
            <div>
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Actors</h3>
              <ul className="space-y-1 text-sm">
                {seq.actors.map((x) => (
                  <li key={x.id}>
                    <span className="font-medium">{x.userName ?? x.id}</span>{" "}
                    <span className="text-xs text-slate-500">
                      {[x.userType, x.credentialUid, x.mfa && `MFA ${x.mfa.toLowerCase()}`].filter(Boolean).join(" · ")}
                    </span>
                    <InvestigateLinks links={sequenceActorSubjects(f.accountId, x)} compact />
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Endpoints</h3>
              <ul className="space-y-1 text-sm">
                {seq.endpoints.map((x) => (
                  <li key={x.id}>
                    <span className="font-mono text-xs">{x.ip ?? x.domain ?? x.id}</span>{" "}
                    <span className="text-xs text-slate-500">
                      {[x.city, x.country, x.asn].filter(Boolean).join(" · ")}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Resources</h3>
              <ul className="space-y-1 text-sm">
                {seq.resources.map((x) => (
                  <li key={x.uid} className="break-all font-mono text-xs">
                    {x.name ?? x.uid} <span className="text-slate-500">{x.type}</span>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </Card>
      )}

      <div className="mb-6 grid gap-4 lg:grid-cols-2">
        <Card title="Who and from where">
          {subjects.length > 0 && (
            <div className="mb-3 border-b border-slate-100 pb-3 dark:border-slate-800">
              <InvestigateLinks links={subjects} />
            </div>
          )}
          <Facts
            rows={[
              ["Access key", f.accessKeyId],
              ["Principal", f.principalId],
              ["User", d.userName && `${d.userName}${d.userType ? ` (${d.userType})` : ""}`],
              ["Remote IP", a.remoteIp],
              ["Location", [a.city, a.country].filter(Boolean).join(", ")],
              ["ASN", [a.asn && `AS${a.asn}`, a.asnOrg].filter(Boolean).join(" ")],
              ["Organization", a.org ?? a.isp],
              ["User agent", a.userAgent],
            ]}
          />
        </Card>
        <Card title="What was done">
          <Facts
            rows={[
              ["Action", a.type],
              ["API call", a.api && `${a.serviceName ? `${a.serviceName} ` : ""}${a.api}`],
              ["Error code", a.errorCode],
              ["Domain", a.domain],
              ["Port", a.port],
              ["Protocol", a.protocol],
              ["Direction", a.direction],
            ]}
          />
        </Card>
        <Card title="Resource">
          <Facts
            rows={[
              ["Type", f.resourceType],
              ["Id", f.resourceId],
              ["ARN", f.resourceArn],
              ...Object.entries(d.resource?.tags ?? {}).map(([k, v]): [string, ReactNode] => [`Tag ${k}`, v]),
            ]}
          />
        </Card>
        <Card title="Finding">
          <Facts
            rows={[
              ["Id", f.id],
              ["ARN", f.arn],
              ["Detector", f.detectorId],
              ["Created", f.awsCreatedAt && formatDateTime(f.awsCreatedAt)],
              ["Updated", f.awsUpdatedAt && formatDateTime(f.awsUpdatedAt)],
              ["Collected", formatDateTime(f.collectedAt)],
            ]}
          />
        </Card>
      </div>
      <details className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <summary className="cursor-pointer text-sm font-semibold">Raw finding (JSON)</summary>
        <pre className="mt-3 max-h-[32rem] overflow-auto text-xs" data-testid="raw-json">
          {JSON.stringify(f.raw ?? { note: "Stored before raw findings were kept." }, null, 2)}
        </pre>
      </details>
    </>
  );
}
