"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, send } from "@/components/api";
import { Button, ErrorMessage, Field, Input, Select, Textarea } from "@/components/ui";
import { triageApi, type TriageActionInput } from "@/lib/contracts/triage";
import { suppressionKinds, type FindingStatus } from "@/lib/domain/vocabulary";

const KIND_LABELS: Record<(typeof suppressionKinds)[number], string> = {
  accepted_risk: "Risk accepted",
  false_positive: "False positive",
  compensating_control: "Compensating control",
  other: "Other",
};

/** The triage actions on one finding: each is checked again on the server, for role and scope. */
export function FindingActions(props: {
  findingId: string;
  status: FindingStatus;
  assigneeId: string | null;
  assignees: { id: string; label: string }[];
  maxSuppressionDays: number | null;
  /** The last day a suppression may run to (yyyy-mm-dd), from the server's clock. */
  latestExpiry: string | null;
}) {
  const router = useRouter();
  const [panel, setPanel] = useState<"comment" | "suppress" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const action = useMutation({
    mutationFn: (body: TriageActionInput) => send(triageApi.act, { params: { id: props.findingId }, body }),
    onSuccess: (r, body) => {
      setPanel(null);
      setDone(r.changed ? DONE[body.action] : "Nothing to change.");
      router.refresh();
    },
  });
  const fields = action.error instanceof ApiError ? action.error.fields : {};
  const run = (body: TriageActionInput) => {
    setDone(null);
    action.mutate(body);
  };
  const maxDate = props.latestExpiry ?? undefined;

  function suppress(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const until = String(form.get("until") ?? "");
    run({
      action: "suppress",
      reason: String(form.get("reason") ?? ""),
      kind: String(form.get("kind")) as (typeof suppressionKinds)[number],
      until: until ? new Date(`${until}T23:59:59Z`).toISOString() : null,
    });
  }

  function comment(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run({ action: "comment", text: String(new FormData(event.currentTarget).get("text") ?? "") });
  }

  return (
    <div className="space-y-4" data-testid="finding-actions">
      <div className="flex flex-wrap gap-2">
        {props.status === "NEW" && (
          <Button variant="primary" disabled={action.isPending} onClick={() => run({ action: "acknowledge" })}>
            Acknowledge
          </Button>
        )}
        {props.status === "SUPPRESSED" && (
          <Button disabled={action.isPending} onClick={() => run({ action: "reopen" })}>
            Reopen
          </Button>
        )}
        {props.status !== "RESOLVED" && (
          <Button
            onClick={() => setPanel(panel === "suppress" ? null : "suppress")}
            aria-expanded={panel === "suppress"}
          >
            {props.status === "SUPPRESSED" ? "Change suppression…" : "Suppress…"}
          </Button>
        )}
        <Button onClick={() => setPanel(panel === "comment" ? null : "comment")} aria-expanded={panel === "comment"}>
          Comment…
        </Button>
      </div>
      <Field label="Assignee" name="assigneeId" errors={fields.assigneeId}>
        {(c) => (
          <Select
            {...c}
            className="w-full"
            value={props.assigneeId ?? ""}
            disabled={action.isPending}
            onChange={(e) => run({ action: "assign", assigneeId: e.target.value || null })}
          >
            <option value="">Unassigned</option>
            {props.assignees.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {panel === "comment" && (
        <form onSubmit={comment} className="space-y-3" noValidate>
          <Field label="Comment" name="text" errors={fields.text}>
            {(c) => <Textarea {...c} name="text" rows={3} className="w-full" required />}
          </Field>
          <Button type="submit" variant="primary" disabled={action.isPending}>
            Add comment
          </Button>
        </form>
      )}
      {panel === "suppress" && (
        <form onSubmit={suppress} className="space-y-3" noValidate>
          <Field label="Kind" name="kind" errors={fields.kind}>
            {(c) => (
              <Select {...c} name="kind" defaultValue="accepted_risk" className="w-full">
                {suppressionKinds.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Reason" name="reason" errors={fields.reason}>
            {(c) => <Textarea {...c} name="reason" rows={2} className="w-full" required />}
          </Field>
          <Field
            label="Expires"
            name="until"
            errors={fields.until}
            hint={
              props.maxSuppressionDays
                ? `At most ${props.maxSuppressionDays} days for this severity; empty gives the most.`
                : "Empty: until someone reopens it."
            }
          >
            {(c) => <Input {...c} type="date" name="until" max={maxDate} className="w-full" />}
          </Field>
          <Button type="submit" variant="primary" disabled={action.isPending}>
            Suppress
          </Button>
        </form>
      )}
      {action.error && Object.keys(fields).length === 0 && <ErrorMessage>{action.error.message}</ErrorMessage>}
      {done && (
        <p role="status" className="text-sm text-emerald-800 dark:text-emerald-200">
          {done}
        </p>
      )}
    </div>
  );
}

const DONE: Record<TriageActionInput["action"], string> = {
  acknowledge: "Acknowledged.",
  assign: "Assignment saved.",
  comment: "Comment added.",
  suppress: "Suppressed.",
  reopen: "Reopened.",
};
