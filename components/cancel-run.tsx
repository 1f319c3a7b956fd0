"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { collectionsApi } from "@/lib/contracts/collections";
import { send } from "./api";
import { Button } from "./ui";

/** Runs an admin may cancel: still open, or given up as stuck with units to close. */

/** "Cancel run" with a confirmation step; the page refreshes once the run is cancelled. */
export function CancelRun({ runId, size = "sm" }: { runId: string; size?: "xs" | "sm" }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => send(collectionsApi.cancelRun, { params: { id: runId } }),
    onSuccess: () => {
      setConfirming(false);
      router.refresh();
    },
  });
  return (
    <div className="flex flex-col items-start gap-1" data-testid="cancel-run">
      {confirming ? (
        <div className="flex items-center gap-2">
          <span className="text-xs text-slate-600 dark:text-slate-400">Stop collecting this run?</span>
          <Button variant="danger" size={size} disabled={cancel.isPending} onClick={() => cancel.mutate()}>
            {cancel.isPending ? "Cancelling…" : "Yes, cancel"}
          </Button>
          <Button size={size} disabled={cancel.isPending} onClick={() => setConfirming(false)}>
            Keep running
          </Button>
        </div>
      ) : (
        <Button variant="danger-outline" size={size} onClick={() => setConfirming(true)}>
          Cancel run
        </Button>
      )}
      {cancel.error && (
        <p role="alert" className="max-w-xs text-xs text-rose-700 dark:text-rose-300">
          {cancel.error.message}
        </p>
      )}
    </div>
  );
}
