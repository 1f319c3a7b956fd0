"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { ApiError, send } from "@/components/api";
import { Button, ErrorMessage, Input, Table, Thead, formatBytes, formatDateTime, td } from "@/components/ui";
import { settingsApi } from "@/lib/contracts/settings";
import type { PurgeRecord, RetentionKind, RetentionSettings } from "@/lib/domain/retention";

export type RetentionKindRow = {
  kind: RetentionKind;
  label: string;
  covers: string;
  keeps: string;
  days: number | null;
  minDays: number;
  /** Rows stored now in the kind's tables, and their size. */
  rows: number;
  bytes: number;
  tables: string[];
  /** What the next purge would delete under the saved setting. */
  removes: number;
};

// Empty is "keep forever"; text that is no whole number is sent as it is, for the server to name the field.
const days = (text: string) =>
  text.trim() === "" ? null : /^\d+$/.test(text.trim()) ? Number(text) : (text as unknown as number);

const count = new Intl.NumberFormat("en-US");
const total = (r: PurgeRecord) => Object.values(r.deleted).reduce((n, d) => n + d, 0);
const POLL_MS = 2000;
const POLL_TRIES = 30;

/** How long each kind of history is kept, what the next purge removes, and "Purge now". */
export function RetentionEditor({
  kinds,
  lastPurge,
  nextRun,
  schedule,
}: {
  kinds: RetentionKindRow[];
  lastPurge: PurgeRecord | null;
  nextRun: string | null;
  schedule: string;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState<number | null>(null);
  const [waitingFor, setWaitingFor] = useState<{ since: string | null; tries: number } | null>(null);
  const save = useMutation({
    mutationFn: (body: RetentionSettings) => send(settingsApi.saveRetention, { body }),
    onSuccess: (r) => {
      setSaved(r.changed.length);
      router.refresh();
    },
  });
  const purge = useMutation({
    mutationFn: () => send(settingsApi.purgeNow),
    onSuccess: () => setWaitingFor({ since: lastPurge?.startedAt ?? null, tries: 0 }),
  });
  const finished = waitingFor && lastPurge && lastPurge.startedAt !== waitingFor.since && lastPurge.finishedAt;

  // The purge runs in the background: the section refreshes until its run record says it ended.
  useEffect(() => {
    if (!waitingFor || finished || waitingFor.tries >= POLL_TRIES) return;
    const timer = setTimeout(() => {
      router.refresh();
      setWaitingFor((w) => w && { ...w, tries: w.tries + 1 });
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [waitingFor, finished, router]);

  const fields = save.error instanceof ApiError ? save.error.fields : {};

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(null);
    save.mutate(
      Object.fromEntries(kinds.map((k) => [k.kind, days(String(form.get(k.kind) ?? ""))])) as RetentionSettings,
    );
  }

  return (
    <form onSubmit={submit} data-testid="retention-settings" noValidate>
      <p className="mb-3 text-xs text-slate-500 dark:text-slate-400">
        A purge runs {schedule}
        {nextRun ? <> (next: {formatDateTime(new Date(nextRun))})</> : null} and deletes what each period lets go, 5,000
        rows at a time in short transactions, so pages keep answering. Empty: keep forever. Daily rollups (score, open
        findings, compliance and cost per day) are never purged: the trends keep their whole window.
      </p>
      <Table caption="Retention per kind of data">
        <Thead columns={["Data", "Keep (days)", "Stored now", "Next purge removes"]} />
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {kinds.map((k) => {
            const problem = fields[k.kind];
            return (
              <tr key={k.kind} data-kind={k.kind}>
                <td className="max-w-md px-4 py-2.5 align-top">
                  <div className="font-medium">{k.label}</div>
                  <div className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
                    Deletes {k.covers}. Never: {k.keeps}.
                  </div>
                </td>
                <td className="px-2 py-2 align-top">
                  <Input
                    name={k.kind}
                    aria-label={`Days to keep: ${k.label}`}
                    inputMode="numeric"
                    defaultValue={k.days ?? ""}
                    placeholder="forever"
                    aria-invalid={problem ? true : undefined}
                    className="w-24"
                  />
                  <div className="mt-1 text-xs text-slate-500 dark:text-slate-400">at least {k.minDays}</div>
                  {problem && <div className="mt-1 text-xs text-rose-700 dark:text-rose-300">{problem.join(", ")}</div>}
                </td>
                <td className={`${td} tabular-nums`} title={k.tables.join(", ")}>
                  ≈ {count.format(k.rows)} rows
                  <div className="text-xs text-slate-500 dark:text-slate-400">{formatBytes(k.bytes)}</div>
                </td>
                <td className={`${td} tabular-nums`} data-testid={`removes-${k.kind}`}>
                  {k.days === null ? (
                    <span className="text-slate-500 dark:text-slate-400">nothing (kept forever)</span>
                  ) : (
                    `${count.format(k.removes)} rows`
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      {save.error && !Object.keys(fields).length && <ErrorMessage className="mt-3">{save.error.message}</ErrorMessage>}
      {saved !== null && (
        <p role="status" className="mt-3 text-sm text-emerald-800 dark:text-emerald-200">
          Saved{saved ? "" : " (nothing changed)"}. The next purge applies it.
        </p>
      )}
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" size="lg" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save retention"}
        </Button>
        <Button
          size="lg"
          disabled={purge.isPending || Boolean(waitingFor && !finished && waitingFor.tries < POLL_TRIES)}
          onClick={() => {
            save.reset();
            purge.mutate();
          }}
        >
          {purge.isPending ? "Starting…" : "Purge now"}
        </Button>
      </div>
      {purge.error && <ErrorMessage className="mt-3">{purge.error.message}</ErrorMessage>}
      <p role="status" className="mt-3 text-sm text-slate-600 dark:text-slate-400" data-testid="last-purge">
        {waitingFor && !finished
          ? waitingFor.tries < POLL_TRIES
            ? purge.data?.state === "running"
              ? "A purge is already running; waiting for it to end…"
              : "Purging…"
            : "The purge is queued for a worker; this section shows it once it has run."
          : lastPurge
            ? `Last purge ${formatDateTime(new Date(lastPurge.startedAt))} (${lastPurge.trigger === "manual" ? `Purge now${lastPurge.requestedBy ? ` by ${lastPurge.requestedBy}` : ""}` : "scheduled"}): ${
                lastPurge.finishedAt
                  ? `${count.format(total(lastPurge))} rows deleted${lastPurge.error ? `, then stopped: ${lastPurge.error}` : ""}.`
                  : `running, ${count.format(total(lastPurge))} rows deleted so far.`
              }`
            : "No purge has run yet."}
      </p>
    </form>
  );
}
