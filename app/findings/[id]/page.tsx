import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { BulkAction } from "@/components/bulk-action";
import { CopyButton } from "@/components/copy-button";
import { InvestigateLinks } from "@/components/investigate-links";
import { Link } from "@/components/link";
import { Card, Code, PageHeader, Pill, SeverityBadge, formatDateTime } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { hasRole } from "@/lib/auth/roles";
import { DUE_SOON_DAYS } from "@/lib/contracts/findings-filter";
import { getDb } from "@/lib/db";
import { getFindingDetail, type FindingDetail } from "@/lib/db/queries/finding-detail";
import { listAssignees, userLabels } from "@/lib/db/queries/triage";
import { findingSubjects } from "@/lib/domain/investigation-subjects";
import { findingPageLinks } from "@/lib/domain/links";
import { slaState } from "@/lib/findings/sla";
import { loadSlaSettings } from "@/lib/triage/actions";
import { FindingActions } from "./actions";

export const metadata: Metadata = { title: "Finding" };

const STATUS_TONE = { NEW: "bad", ACKNOWLEDGED: "warn", SUPPRESSED: "neutral", RESOLVED: "good" } as const;
const SLA_TEXT = { overdue: "Overdue", due_soon: "Due soon", on_time: "On time" } as const;
const SLA_TONE = { overdue: "bad", due_soon: "warn", on_time: "good" } as const;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function Snippet({ label, text }: { label: string; text: string }) {
  return (
    <div>
      <div className="mb-1 flex items-center justify-between">
        <span className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          {label}
        </span>
        <CopyButton text={text} label={label} />
      </div>
      <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-5 text-slate-100 dark:bg-slate-950">
        {text}
      </pre>
    </div>
  );
}

function eventText(e: FindingDetail["history"][number], names: Map<string, string>): string {
  if (e.kind === "comment") return e.note ?? "";
  if (e.kind === "assignment") {
    const to = e.data?.to;
    return typeof to === "string" ? `Assigned to ${names.get(to) ?? "a removed user"}` : "Unassigned";
  }
  const move = e.fromStatus ? `${e.fromStatus} → ${e.toStatus}` : `${e.toStatus}`;
  const until = typeof e.data?.until === "string" ? ` (until ${e.data.until.slice(0, 10)})` : "";
  return `${move}${e.note ? `: ${e.note}` : ""}${until}`;
}

/** The SLA state and the latest suppression expiry, as of this request. */
function deadlines(f: FindingDetail["finding"], maxDays: number | null) {
  const now = new Date();
  const open = f.status === "NEW" || f.status === "ACKNOWLEDGED";
  return {
    state: open ? slaState(f.dueAt, now, DUE_SOON_DAYS) : null,
    latestExpiry: maxDays ? new Date(now.getTime() + maxDays * 86_400_000).toISOString().slice(0, 10) : null,
  };
}

/** One finding: the risk, its evidence and resource, how to fix it, its history, and (triagers) what to do. */
export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePage("viewer");
  const { id } = await params;
  if (!/^[0-9a-f]{64}$/.test(id)) notFound();
  const db = await getDb();
  const detail = await getFindingDetail(db, { id, scope: viewer.scope });
  if (!detail) notFound();
  const { finding: f, check, account } = detail;
  const canAct = hasRole(viewer.role, "triager");
  const [sla, assignees, names] = await Promise.all([
    loadSlaSettings(db),
    canAct ? listAssignees(db, { accountId: account.id }) : [],
    userLabels(
      db,
      detail.history.flatMap((e) => (typeof e.data?.to === "string" ? [e.data.to] : [])),
    ),
  ]);
  const maxDays = sla.maxSuppressionDays[f.severity];
  const { state, latestExpiry } = deadlines(f, maxDays);
  const tags = { ...account.tags, ...((f.evidence.tags as Record<string, string> | undefined) ?? {}) };
  const evidence = Object.entries(f.evidence).filter(([k]) => k !== "tags");
  const subjects = findingSubjects(f);
  const places = findingPageLinks({ checkId: check.id, accountId: account.id, evidence: f.evidence });

  return (
    <>
      <PageHeader
        title={check.title}
        description={`${check.service.toUpperCase()} · ${f.resourceType} in ${account.name}`}
      />
      <div className="mb-6 flex flex-wrap items-center gap-3 text-sm">
        <SeverityBadge severity={f.severity} />
        <Pill tone={STATUS_TONE[f.status]}>{f.status}</Pill>
        {state && (
          <Pill tone={SLA_TONE[state]}>
            {SLA_TEXT[state]}: due {formatDateTime(f.dueAt)}
          </Pill>
        )}
        <span className="text-slate-600 dark:text-slate-400">
          Assignee: <strong>{detail.assigneeLabel ?? "nobody"}</strong>
        </span>
        {f.status === "SUPPRESSED" && (
          <span className="text-slate-600 dark:text-slate-400">
            Suppressed{detail.ruleReason ? " by a rule" : ""} ({f.suppressionKind}): {f.suppressionReason}
            {f.suppressedUntil ? `, until ${formatDateTime(f.suppressedUntil)}` : ", no expiry"}
          </span>
        )}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title="The risk">
            <p className="text-sm leading-6">{check.description}</p>
          </Card>
          <Card title="Evidence">
            {evidence.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">
                The check recorded no fields for this resource.
              </p>
            ) : (
              <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
                {evidence.map(([k, v]) => (
                  <Row key={k} label={k}>
                    <span className="font-mono text-xs">{show(v)}</span>
                  </Row>
                ))}
              </dl>
            )}
          </Card>
          <Card title="Remediation">
            <ol className="mb-4 list-decimal space-y-1 pl-5 text-sm">
              {check.remediation.steps.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ol>
            <div className="space-y-4">
              {check.remediation.cli && <Snippet label="AWS CLI" text={check.remediation.cli} />}
              {check.remediation.terraform && <Snippet label="Terraform" text={check.remediation.terraform} />}
            </div>
            {check.frameworks.length > 0 && (
              <div className="mt-4 flex flex-wrap gap-2" aria-label="Framework references">
                {check.frameworks.map((r) => (
                  <Pill key={`${r.framework}-${r.control}`}>
                    {r.framework} {r.control}
                  </Pill>
                ))}
              </div>
            )}
          </Card>
          <Card title="History">
            {detail.history.length === 0 && (
              <p className="text-sm text-slate-600 dark:text-slate-400">
                No change recorded yet: the history starts with the next collection or action.
              </p>
            )}
            <ol className="space-y-3" data-testid="finding-history">
              {detail.history.map((e) => (
                <li key={e.id} className="text-sm">
                  <div className="text-xs text-slate-500 dark:text-slate-400">
                    {formatDateTime(e.occurredAt)} ·{" "}
                    {e.actorId ? (e.actor ?? "a removed user") : e.runId ? "Posture (collection)" : "Posture"}
                    {e.kind === "comment" ? " commented" : ""}
                  </div>
                  <div className={e.kind === "comment" ? "whitespace-pre-wrap" : ""}>{eventText(e, names)}</div>
                </li>
              ))}
            </ol>
          </Card>
        </div>
        <div className="space-y-6">
          {places.length > 0 && (
            <Card title="Where to look">
              <ul className="space-y-1.5 text-sm" aria-label="Where to look">
                {places.map((p) => (
                  <li key={p.href}>
                    <Link href={p.href} className="text-indigo-700 hover:underline dark:text-indigo-300">
                      {p.label} →
                    </Link>
                  </li>
                ))}
              </ul>
            </Card>
          )}
          {subjects.length > 0 && (
            <Card title="Who did this?">
              <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">
                The CloudTrail activity of the {subjects.some((s) => s.kind === "key") ? "key" : "principal"} this
                finding is about, across the accounts and regions you may see.
              </p>
              <InvestigateLinks links={subjects} />
            </Card>
          )}
          {canAct && (
            <Card title="Triage">
              <FindingActions
                findingId={f.id}
                status={f.status}
                assigneeId={f.assigneeId}
                assignees={[
                  ...assignees.map((a) => ({ id: a.id, label: a.name ? `${a.name} (${a.email})` : a.email })),
                  // The current assignee stays listed even when no longer assignable (disabled, out of scope).
                  ...(f.assigneeId && !assignees.some((a) => a.id === f.assigneeId)
                    ? [{ id: f.assigneeId, label: detail.assigneeLabel ?? "a removed user" }]
                    : []),
                ]}
                maxSuppressionDays={maxDays}
                latestExpiry={latestExpiry}
              />
            </Card>
          )}
          <Card title="Resource">
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
              <Row label="ARN / id">
                <span className="break-all font-mono text-xs">{f.resourceId}</span>
              </Row>
              <Row label="Type">{f.resourceType}</Row>
              <Row label="Account">
                {account.name} <Code>{account.id}</Code>
              </Row>
              <Row label="Environment">{account.environment}</Row>
              <Row label="OU">{detail.ouPath ?? "—"}</Row>
              <Row label="Region">{f.region}</Row>
              <Row label="First seen">{formatDateTime(f.firstSeenAt)}</Row>
              <Row label="Last seen">{formatDateTime(f.lastSeenAt)}</Row>
              <Row label="Tags">
                {Object.keys(tags).length === 0
                  ? "none"
                  : Object.entries(tags).map(([k, v]) => (
                      <span key={k} className="mr-1 inline-block font-mono text-xs">
                        {k}={String(v)}
                      </span>
                    ))}
              </Row>
            </dl>
          </Card>
          <Card title="Same check, other resources">
            {detail.others.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">No other open finding of this check.</p>
            ) : (
              <>
                <ul className="space-y-2 text-sm">
                  {detail.others.map((o) => (
                    <li key={o.id}>
                      <Link
                        href={`/findings/${o.id}`}
                        className="block truncate font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300"
                      >
                        {o.resourceId}
                      </Link>
                      <span className="text-xs text-slate-500">
                        {o.accountName} ({o.environment}) · {o.region} · {o.status}
                      </span>
                    </li>
                  ))}
                </ul>
                {detail.otherCount > detail.others.length && (
                  <p className="mt-2 text-xs text-slate-500">and {detail.otherCount - detail.others.length} more.</p>
                )}
                {canAct && (
                  <div className="mt-4 border-t border-slate-100 pt-4 dark:border-slate-800">
                    <BulkAction
                      target={{ filter: { check: [check.id], status: ["NEW", "ACKNOWLEDGED"] } }}
                      noun="open findings of this check"
                    />
                  </div>
                )}
              </>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
