"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { send } from "@/components/api";
import { ProgressBar } from "@/components/progress";
import { StatusPill } from "@/components/status";
import { collectionsApi, type RunProgress } from "@/lib/contracts/collections";
import type { RunStatus } from "@/lib/domain/vocabulary";

const live = (s: RunStatus) => s === "queued" || s === "running";

/**
 * The running collection's progress on the Overview (admins: runs span the organization), polled
 * every five seconds while it runs; the page's numbers refresh once it ends.
 */
export function LiveCollection({ initial }: { initial: RunProgress }) {
  const router = useRouter();
  const { data, isError } = useQuery({
    queryKey: ["run", initial.id],
    initialData: initial,
    queryFn: async () => (await send(collectionsApi.runProgress, { params: { id: initial.id } })).run,
    refetchInterval: (q) => (q.state.data && live(q.state.data.status) ? 5000 : false),
  });
  const wasLive = useRef(live(initial.status));
  useEffect(() => {
    if (wasLive.current && !live(data.status)) router.refresh();
    wasLive.current = live(data.status);
  }, [data.status, router]);
  return (
    <div className="flex flex-wrap items-start gap-6" aria-live="polite" data-testid="live-collection">
      <StatusPill status={data.status} />
      <ProgressBar label="Units finished" done={data.unitsDone} total={data.unitsTotal} failed={data.unitsFailed} />
      {isError && <p className="text-xs text-amber-700 dark:text-amber-300">Progress could not be refreshed.</p>}
    </div>
  );
}
