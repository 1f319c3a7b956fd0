"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { send } from "@/components/api";
import { ProgressBar } from "@/components/progress";
import { Button, ErrorMessage, Select } from "@/components/ui";
import type { AnswerOf } from "@/lib/contracts/define";
import { triageApi, type BulkTarget, type TriageActionInput } from "@/lib/contracts/triage";

type Step =
  | { at: "idle" }
  | { at: "confirm"; count: number }
  | { at: "running"; total: number; processed: number; changed: number }
  | { at: "done"; total: number; processed: number; changed: number; error: string | null; after: string | null };

const ACTIONS = {
  acknowledge: { label: "Acknowledge", body: { action: "acknowledge" } },
  unassign: { label: "Unassign", body: { action: "assign", assigneeId: null } },
} as const satisfies Record<string, { label: string; body: TriageActionInput }>;

/**
 * An action over every finding a target selects: count first, confirm, then batches (one
 * transaction each) with progress; a failure says how far it got, what was applied stays, and
 * "Resume" continues after the last committed batch.
 */
export function BulkAction({ target, noun, onDone }: { target: BulkTarget; noun: string; onDone?: () => void }) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ at: "idle" });
  const [choice, setChoice] = useState<keyof typeof ACTIONS>("acknowledge");
  const count = useMutation({
    mutationFn: () => send(triageApi.count, { body: { target } }),
    onSuccess: (r) => setStep({ at: "confirm", count: r.count }),
  });

  async function run(total: number, from: { after: string | null; processed: number; changed: number }) {
    let { after, processed, changed } = from;
    setStep({ at: "running", total, processed, changed });
    try {
      for (;;) {
        const r: AnswerOf<typeof triageApi.bulk> = await send(triageApi.bulk, {
          body: { target, action: ACTIONS[choice].body, after },
        });
        processed += r.processed;
        changed += r.changed;
        after = r.after;
        if (r.error || r.done) {
          setStep({ at: "done", total, processed, changed, error: r.error, after });
          break;
        }
        setStep({ at: "running", total, processed, changed });
      }
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      setStep({ at: "done", total, processed, changed, error, after });
    }
    onDone?.();
    router.refresh();
  }

  return (
    <div className="space-y-3 text-sm" data-testid="bulk-action">
      {step.at === "idle" && (
        <div className="flex flex-wrap items-center gap-2">
          <Select
            aria-label="Bulk action"
            value={choice}
            onChange={(e) => setChoice(e.target.value as keyof typeof ACTIONS)}
          >
            {Object.entries(ACTIONS).map(([k, a]) => (
              <option key={k} value={k}>
                {a.label}
              </option>
            ))}
          </Select>
          <Button disabled={count.isPending} onClick={() => count.mutate()}>
            {count.isPending ? "Counting…" : `${ACTIONS[choice].label} all ${noun}…`}
          </Button>
        </div>
      )}
      {count.error && <ErrorMessage>{count.error.message}</ErrorMessage>}
      {step.at === "confirm" && (
        <div
          role="group"
          aria-label="Confirm bulk action"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-100"
        >
          <p>
            {ACTIONS[choice].label} {step.count} finding{step.count === 1 ? "" : "s"}? Each change is recorded in its
            history and the audit log.
          </p>
          <div className="mt-3 flex gap-3">
            <Button
              variant="primary"
              disabled={step.count === 0}
              onClick={() => void run(step.count, { after: null, processed: 0, changed: 0 })}
            >
              {ACTIONS[choice].label} {step.count}
            </Button>
            <Button onClick={() => setStep({ at: "idle" })}>Cancel</Button>
          </div>
        </div>
      )}
      {step.at === "running" && (
        <div role="status">
          <p className="mb-1">
            Working: {step.processed} of about {step.total}…
          </p>
          <ProgressBar
            label="Bulk action progress"
            done={step.processed}
            total={Math.max(step.total, step.processed)}
          />
        </div>
      )}
      {step.at === "done" && (
        <div role="status">
          <p>
            {step.error ? "Stopped" : "Done"}: {step.changed} changed of {step.processed} looked at.
          </p>
          {step.error && (
            <ErrorMessage>{step.error}. The batches before it are applied; resume to continue after them.</ErrorMessage>
          )}
          <div className="mt-2 flex gap-2">
            {step.error && (
              <Button size="sm" variant="primary" onClick={() => void run(step.total, step)}>
                Resume
              </Button>
            )}
            <Button size="sm" onClick={() => setStep({ at: "idle" })}>
              Close
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
