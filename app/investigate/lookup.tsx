"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, send } from "@/components/api";
import { ProgressBar } from "@/components/progress";
import { Button, ErrorMessage, Input } from "@/components/ui";
import { investigateApi, LOOKUP_DEFAULT_DAYS, LOOKUP_MAX_DAYS, type LookupProgress } from "@/lib/contracts/investigate";

const live = (l: LookupProgress) => l.status === "queued" || l.status === "running";

const REASON: Record<string, string> = {
  Throttled: "throttled by CloudTrail",
  AccessDenied: "access denied",
  RoleMissing: "Posture's role could not be assumed",
  RegionDisabled: "region not enabled",
  Suspended: "account not active",
};

/** Where the lookup stands, and which account × region is missing from its result and why. */
function Progress({ lookup }: { lookup: LookupProgress }) {
  return (
    <div className="mt-3 space-y-2 text-sm" aria-live="polite" data-testid="lookup-progress">
      <div className="flex flex-wrap items-center gap-4">
        <ProgressBar label="Accounts read" done={lookup.accountsDone} total={lookup.accountsTotal} />
        <span className="tabular-nums">
          {lookup.status === "done"
            ? `Done: ${lookup.events} event${lookup.events === 1 ? "" : "s"} read from ${lookup.accountsTotal} account${lookup.accountsTotal === 1 ? "" : "s"} over ${lookup.days} days.`
            : lookup.status === "failed"
              ? "The lookup failed; see the server log, and try again."
              : `Reading CloudTrail: ${lookup.accountsDone} of ${lookup.accountsTotal} accounts, ${lookup.events} events so far…`}
        </span>
      </div>
      {(lookup.problems.length > 0 || lookup.capped) && (
        <div className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-medium">Partial result</p>
          <ul className="mt-1 list-disc pl-5 text-xs">
            {lookup.capped && (
              <li>Some account × region had more events than one lookup reads (1,000): the oldest are missing.</li>
            )}
            {lookup.problems.slice(0, 20).map((p) => (
              <li key={`${p.accountId}/${p.region ?? "all"}`}>
                <span className="font-mono">{p.accountId}</span> {p.region ?? "(every region)"}:{" "}
                {REASON[p.code] ?? p.code} — {p.message}
              </li>
            ))}
            {lookup.problems.length > 20 && <li>and {lookup.problems.length - 20} more</li>}
          </ul>
        </div>
      )}
    </div>
  );
}

/**
 * "Look up in CloudTrail": reads the principal's events of the last N days in every account the user
 * may see, as a job; its progress is polled, and the page reloads with the stored events when it ends.
 */
export function CloudTrailLookup({ q, initial }: { q: string; initial: LookupProgress | null }) {
  const router = useRouter();
  const [current, setCurrent] = useState<LookupProgress | null>(initial);
  const start = useMutation({
    mutationFn: (days: number) => send(investigateApi.startLookup, { body: { q, days } }),
    onSuccess: (r) => setCurrent(r.lookup),
  });
  const { data } = useQuery({
    queryKey: ["lookup", current?.id],
    enabled: current !== null,
    initialData: current ?? undefined,
    queryFn: async () => (await send(investigateApi.lookupProgress, { params: { id: current!.id } })).lookup,
    refetchInterval: (query) => (query.state.data && live(query.state.data) ? 1500 : false),
  });
  const lookup = data ?? current;
  const wasLive = useRef(lookup ? live(lookup) : false);
  useEffect(() => {
    if (!lookup) return;
    if (wasLive.current && !live(lookup)) router.refresh();
    wasLive.current = live(lookup);
  }, [lookup, router]);
  const fields = start.error instanceof ApiError ? start.error.fields : {};

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get("days") ?? "").trim();
    start.mutate(/^\d+$/.test(text) ? Number(text) : (text as unknown as number));
  }

  return (
    <section
      aria-label="CloudTrail lookup"
      className="mb-6 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2" noValidate>
        <label className="text-sm">
          <span className="block text-xs text-slate-500 dark:text-slate-400">Days back (1–{LOOKUP_MAX_DAYS})</span>
          <Input
            name="days"
            inputMode="numeric"
            defaultValue={lookup?.days ?? LOOKUP_DEFAULT_DAYS}
            aria-invalid={fields.days ? true : undefined}
            className="w-24"
          />
        </label>
        <Button type="submit" variant="primary" disabled={start.isPending || (lookup !== null && live(lookup))}>
          {start.isPending ? "Starting…" : "Look up in CloudTrail"}
        </Button>
        <p className="basis-full text-xs text-slate-500 dark:text-slate-400 sm:basis-auto">
          Reads CloudTrail now in every account you may see and every enabled region, at LookupEvents&apos; 2 calls a
          second per account and region, and keeps what it finds here.
        </p>
      </form>
      {start.error && (
        <ErrorMessage className="mt-3">
          {Object.keys(fields).length
            ? Object.entries(fields)
                .map(([k, v]) => `${k === "q" ? "Subject" : "Days"} ${v.join(", ")}.`)
                .join(" ")
            : start.error.message}
        </ErrorMessage>
      )}
      {lookup && <Progress lookup={lookup} />}
    </section>
  );
}
