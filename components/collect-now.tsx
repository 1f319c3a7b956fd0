"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Link } from "./link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { collectionsApi } from "@/lib/contracts/collections";
import { ApiError, send } from "./api";
import { Button } from "./ui";

/** What the server knows before anyone presses the button (from lib/jobs collectionAvailability). */
export type CollectNowState = {
  blocked: { reason: "no-credentials" | "demo" | "no-collector" | "settings-invalid"; message: string } | null;
  activeRunId: string | null;
};

const BLOCKED_TITLE = {
  "no-credentials": "Collection needs AWS credentials",
  demo: "Showing the demo organization",
  "no-collector": "The collector is not running",
  "settings-invalid": "The check settings need fixing",
} as const;

const note = "max-w-md text-right text-xs text-slate-600 dark:text-slate-400";

/** Environment variables and file paths in a server message, set as code. */
function withCode(message: string) {
  return message.split(/(\b[A-Z][A-Z0-9_]{3,}\b(?:=\w+)?|docs\/[\w.-]+\.md)/).map((part, i) =>
    i % 2 === 1 ? (
      <code
        key={i}
        className="rounded bg-slate-100 px-1 font-mono text-[0.95em] text-slate-800 dark:bg-slate-800 dark:text-slate-200"
      >
        {part}
      </code>
    ) : (
      part
    ),
  );
}

/**
 * "Collect now" for admins. Shown only to them, but the route decides: it refuses others, a second
 * run, the demo and a server without credentials. Goes to the run's live progress once it is open.
 */
export function CollectNow({ state, compact = false }: { state: CollectNowState; compact?: boolean }) {
  const router = useRouter();
  const [jobId, setJobId] = useState<string | null>(null);
  const collect = useMutation({
    mutationFn: () => send(collectionsApi.collectNow),
    onSuccess: (result) => {
      if (result.kind === "started") router.push(`/runs/${result.runId}`);
      else if (result.jobId) setJobId(result.jobId);
      else router.push("/runs");
    },
  });
  // Server mode: a worker opens the run; follow the job until it has.
  const job = useQuery({
    queryKey: ["collection-job", jobId],
    enabled: jobId !== null,
    queryFn: async () => {
      if (jobId === null) throw new Error("no job to follow");
      return (await send(collectionsApi.job, { params: { jobId } })).job;
    },
    refetchInterval: (q) =>
      q.state.data && (q.state.data.state === "started" || q.state.data.state === "failed") ? false : 2000,
  });
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (job.data?.state === "started") router.push(`/runs/${job.data.runId}`);
  }, [job.data, router]);
  useEffect(() => {
    if (!jobId) return;
    const timer = setTimeout(() => setSlow(true), 15_000);
    return () => clearTimeout(timer);
  }, [jobId]);

  if (state.activeRunId) {
    return (
      <div className="flex flex-col items-end gap-1" data-testid="collect-now">
        <Link
          href={`/runs/${state.activeRunId}`}
          className="rounded-md border border-indigo-200 bg-indigo-50 px-4 py-2 text-sm font-medium text-indigo-800 hover:bg-indigo-100 dark:border-indigo-500/30 dark:bg-indigo-500/10 dark:text-indigo-200"
        >
          Collection in progress →
        </Link>
      </div>
    );
  }

  if (state.blocked) {
    const title = BLOCKED_TITLE[state.blocked.reason];
    if (compact) {
      return (
        <div className="flex flex-col items-end gap-1" data-testid="collect-now">
          <Button variant="primary" size="lg" disabled aria-describedby="collect-now-blocked">
            Collect now
          </Button>
          <p id="collect-now-blocked" className="text-xs text-slate-600 dark:text-slate-400">
            {title} ·{" "}
            <Link
              href={state.blocked.reason === "demo" ? "/settings#demo" : "/runs"}
              className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
            >
              why?
            </Link>
          </p>
        </div>
      );
    }
    return (
      <div
        role="note"
        aria-label={title}
        className="flex max-w-xl items-start gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
        data-testid="collect-now"
      >
        <div className="min-w-0 text-sm">
          <p className="font-medium text-slate-900 dark:text-slate-100">{title}</p>
          <p id="collect-now-blocked" className="mt-1 text-xs leading-5 text-slate-600 dark:text-slate-400">
            {withCode(state.blocked.message)}
          </p>
          {state.blocked.reason === "demo" && (
            <Link
              href="/settings#demo"
              className="mt-2 inline-block text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300"
            >
              Remove the demo organization →
            </Link>
          )}
        </div>
        <Button variant="primary" size="lg" className="shrink-0" disabled aria-describedby="collect-now-blocked">
          Collect now
        </Button>
      </div>
    );
  }

  const error =
    collect.error instanceof ApiError ? collect.error : collect.error ? new ApiError(collect.error.message, 0) : null;
  const busyRun = error?.code === "busy" && error.target?.type === "run" ? error.target.id : undefined;
  const waiting = jobId !== null && job.data?.state !== "failed";
  return (
    <div className="flex flex-col items-end gap-2" data-testid="collect-now">
      <Button variant="primary" size="lg" onClick={() => collect.mutate()} disabled={collect.isPending || waiting}>
        {collect.isPending ? "Starting…" : waiting ? "Waiting for a worker…" : "Collect now"}
      </Button>
      <div aria-live="polite" className={note}>
        {collect.isPending && <p>Discovering the organization’s accounts…</p>}
        {waiting && slow && (
          <p>
            No worker has taken the job yet. Is <code className="font-mono">npm run worker</code> running?
          </p>
        )}
        {job.data?.state === "failed" && (
          <p role="alert" className="text-rose-700 dark:text-rose-300">
            {job.data.message}
          </p>
        )}
        {error && (
          <p role="alert" className="text-rose-700 dark:text-rose-300">
            {error.message}
            {busyRun && (
              <>
                {" "}
                <Link
                  href={`/runs/${busyRun}`}
                  className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  Follow it →
                </Link>
              </>
            )}
          </p>
        )}
      </div>
    </div>
  );
}
