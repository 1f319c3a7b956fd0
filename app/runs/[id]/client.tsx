"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { RunStatus } from "@/lib/domain/vocabulary";
import { ProgressBar } from "@/components/progress";
import { StatusPill } from "@/components/status";

export type RunProgress = {
  id: string;
  status: RunStatus;
  accountsDone: number;
  accountsTotal: number;
  unitsDone: number;
  unitsTotal: number;
  unitsFailed: number;
  apiCalls: number;
  throttledCalls: number;
  errorMessage: string | null;
};

const live = (s: RunStatus) => s === "queued" || s === "running";

/** The run's progress, polled every two seconds while it runs; the unit table refreshes when it ends. */
export function LiveProgress({ initial }: { initial: RunProgress }) {
  const router = useRouter();
  const { data } = useQuery({
    queryKey: ["run", initial.id],
    initialData: initial,
    queryFn: async (): Promise<RunProgress> => {
      const res = await fetch(`/api/runs/${initial.id}`, { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`progress request failed (${res.status})`);
      return ((await res.json()) as { run: RunProgress }).run;
    },
    refetchInterval: (q) => (q.state.data && live(q.state.data.status) ? 2000 : false),
  });
  const wasLive = useRef(live(initial.status));
  useEffect(() => {
    if (wasLive.current && !live(data.status)) router.refresh();
    wasLive.current = live(data.status);
  }, [data.status, router]);

  return (
    <div className="flex flex-wrap items-start gap-8" aria-live="polite">
      <div>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Status</p>
        <div className="mt-1">
          <StatusPill status={data.status} />
        </div>
      </div>
      <div>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Accounts</p>
        <ProgressBar label="Accounts collected" done={data.accountsDone} total={data.accountsTotal} />
      </div>
      <div>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Units</p>
        <ProgressBar label="Units finished" done={data.unitsDone} total={data.unitsTotal} failed={data.unitsFailed} />
      </div>
      <div>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">API calls</p>
        <p className="mt-1 text-sm tabular-nums">
          {data.apiCalls.toLocaleString("en-US")}{" "}
          <span className="text-xs text-slate-500">({data.throttledCalls} throttled)</span>
        </p>
      </div>
      {data.errorMessage && <p className="basis-full text-sm text-red-700 dark:text-red-300">{data.errorMessage}</p>}
    </div>
  );
}
