"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { demoApi } from "@/lib/contracts/demo";
import type { DemoStatus } from "@/lib/domain/demo";
import { send } from "./api";
import { Link } from "./link";
import { ProgressBar } from "./progress";

const POLL_MS = 2_000;

async function fetchDemoStatus(): Promise<DemoStatus> {
  return (await send(demoApi.status)).demo;
}

/**
 * The label on every page while the demo organization is there. While it loads it says how far,
 * polling a small route, and refreshes the page once the last day is in.
 */
export function DemoBanner({ initial, admin }: { initial: DemoStatus; admin: boolean }) {
  const router = useRouter();
  const { data } = useQuery({
    queryKey: ["demo-status"],
    queryFn: fetchDemoStatus,
    initialData: initial,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.state === "loading" ? POLL_MS : false),
  });
  const wasLoading = useRef(initial.state === "loading");
  useEffect(() => {
    if (wasLoading.current && data.state !== "loading") router.refresh();
    wasLoading.current = data.state === "loading";
  }, [data.state, router]);

  if (data.state === "none") return null;
  const remove = admin && (
    <Link href="/settings#demo" className="font-medium underline underline-offset-2 hover:no-underline">
      Remove the demo organization
    </Link>
  );
  return (
    <div
      role="note"
      aria-live="polite"
      data-testid="demo-banner"
      data-state={data.state}
      className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
    >
      {data.state === "ready" && (
        <p>
          <strong>Demo organization.</strong> Simulated accounts and 90 days of history, run through the real checks.
          Connect AWS (README → AWS set-up) to see yours. {remove}
        </p>
      )}
      {data.state === "loading" && (
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <p>
            <strong>Demo organization: loading{data.days > 0 ? ` day ${data.day} of ${data.days}` : ""}.</strong>{" "}
            Simulated accounts go through the real checks one day at a time; pages show the days loaded so far and
            refresh when it is complete.
          </p>
          {data.days > 0 && <ProgressBar label="Simulated days loaded" done={data.day} total={data.days} />}
        </div>
      )}
      {data.state === "interrupted" && (
        <p>
          <strong>Demo organization: incomplete.</strong> Loading it stopped
          {data.days > 0 ? ` at day ${data.day} of ${data.days}` : ""}. Restart Posture to load it again, or run{" "}
          <code className="font-mono text-xs">npm run demo</code> on a PostgreSQL server. {remove}
        </p>
      )}
    </div>
  );
}
