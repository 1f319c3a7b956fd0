"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { RunStatus } from "@/lib/domain/vocabulary";
import { collectionsApi, type RunProgress } from "@/lib/contracts/collections";
import { send } from "@/components/api";
import { ProgressBar } from "@/components/progress";
import { StatusPill } from "@/components/status";

const live = (s: RunStatus) => s === "queued" || s === "running";

/** The run's progress, polled every two seconds while it runs; the unit table refreshes when it ends. */
export function LiveProgress({ initial }: { initial: RunProgress }) {
  const router = useRouter();
  const { data } = useQuery({
    queryKey: ["run", initial.id],
    initialData: initial,
    queryFn: async () => (await send(collectionsApi.runProgress, { params: { id: initial.id } })).run,
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
