"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { send } from "@/components/api";
import { Button, ErrorMessage } from "@/components/ui";
import { demoApi } from "@/lib/contracts/demo";

/** Removes the demo organization, after a second, explicit confirmation. */
export function DemoRemoval({ accounts, loading }: { accounts: number; loading: boolean }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => send(demoApi.remove),
    onSuccess: () => router.refresh(),
  });

  if (loading) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        The demo organization is still loading; it can be removed once it is complete.
      </p>
    );
  }
  return (
    <div data-testid="demo-removal">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        This installation shows a simulated organization of {accounts} accounts with 90 days of history. Remove it
        before collecting your own organization: collection is refused while it is here, so simulated and real findings
        never mix.
      </p>
      {!confirming ? (
        <Button variant="danger" size="lg" className="mt-4" onClick={() => setConfirming(true)}>
          Remove demo organization…
        </Button>
      ) : (
        <div
          role="group"
          aria-label="Confirm removal"
          className="mt-4 rounded-md border border-rose-300 bg-rose-50 p-4 text-sm text-rose-950 dark:border-rose-500/40 dark:bg-rose-500/10 dark:text-rose-100"
        >
          <p className="font-medium">Remove the demo organization and all its data?</p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>
              Its {accounts} accounts go, with their findings, runs, trends, costs, GuardDuty findings and canary keys.
            </li>
            <li>Your own organizations, users and audit log are not touched.</li>
            <li>
              It is not loaded again when Posture restarts; <code className="font-mono text-xs">npm run demo</code>{" "}
              brings it back.
            </li>
          </ul>
          <div className="mt-4 flex gap-3">
            <Button variant="danger" size="lg" disabled={remove.isPending} onClick={() => remove.mutate()}>
              {remove.isPending ? "Removing…" : "Remove it"}
            </Button>
            <Button size="lg" disabled={remove.isPending} onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
          {remove.error && <ErrorMessage className="mt-2">{remove.error.message}</ErrorMessage>}
        </div>
      )}
    </div>
  );
}
