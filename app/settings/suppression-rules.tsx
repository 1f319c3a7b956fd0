"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, send } from "@/components/api";
import { Button, ErrorMessage, Field, Input, Select, Textarea } from "@/components/ui";
import { triageApi, type RuleInput } from "@/lib/contracts/triage";
import { environments, suppressionKinds } from "@/lib/domain/vocabulary";

export type RuleRow = {
  id: string;
  conditions: string[];
  reason: string;
  kind: string;
  createdBy: string | null;
  createdAt: string;
  suppressed: number;
};

const KIND_LABELS: Record<(typeof suppressionKinds)[number], string> = {
  accepted_risk: "Risk accepted",
  false_positive: "False positive",
  compensating_control: "Compensating control",
  other: "Other",
};

const blank = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? null : String(v).trim());

/** Suppression rules (admins): each with what it matches and how many findings it holds suppressed. */
export function SuppressionRules({ rules, checks }: { rules: RuleRow[]; checks: { id: string; title: string }[] }) {
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: RuleInput) => send(triageApi.createRule, { body }),
    onSuccess: (r) => {
      setAdding(false);
      setNote(`Rule added: ${r.suppressed} open finding${r.suppressed === 1 ? "" : "s"} suppressed.`);
      router.refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => send(triageApi.removeRule, { params: { id } }),
    onSuccess: (r) => {
      setNote(`Rule removed: ${r.reopened} finding${r.reopened === 1 ? "" : "s"} reopened.`);
      router.refresh();
    },
  });
  const fields = create.error instanceof ApiError ? create.error.fields : {};

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      checkId: blank(form.get("checkId")),
      resourcePattern: blank(form.get("resourcePattern")),
      accountId: blank(form.get("accountId")),
      ouId: blank(form.get("ouId")),
      environment: blank(form.get("environment")) as RuleInput["environment"],
      tagKey: blank(form.get("tagKey")),
      tagValue: blank(form.get("tagValue")),
      reason: String(form.get("reason") ?? ""),
      kind: String(form.get("kind")) as RuleInput["kind"],
    });
  }

  return (
    <div data-testid="suppression-rules">
      <p className="mb-3 text-xs text-slate-500 dark:text-slate-400">
        A rule suppresses the open findings it matches now and in every later collection. Removing it reopens them.
      </p>
      {note && (
        <p role="status" className="mb-3 text-sm text-emerald-800 dark:text-emerald-200">
          {note}
        </p>
      )}
      {rules.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No rules: every finding is triaged by hand.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {rules.map((r) => (
            <li key={r.id} className="flex flex-wrap items-start justify-between gap-3 px-3 py-2.5 text-sm">
              <div className="min-w-0">
                <p className="font-medium">{r.conditions.join(" · ")}</p>
                <p className="text-slate-600 dark:text-slate-400">
                  {KIND_LABELS[r.kind as keyof typeof KIND_LABELS] ?? r.kind}: {r.reason}
                </p>
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  {r.suppressed} finding{r.suppressed === 1 ? "" : "s"} suppressed · by{" "}
                  {r.createdBy ?? "a removed user"} on {r.createdAt.slice(0, 10)}
                </p>
              </div>
              <Button
                variant="link-danger"
                size="sm"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm(`Remove this rule? ${r.suppressed} finding(s) reopen.`)) remove.mutate(r.id);
                }}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      {remove.error && <ErrorMessage className="mt-2">{remove.error.message}</ErrorMessage>}
      {!adding ? (
        <Button
          className="mt-4"
          size="lg"
          onClick={() => {
            setAdding(true);
            setNote(null);
            create.reset();
          }}
        >
          Add a rule…
        </Button>
      ) : (
        <form onSubmit={submit} className="mt-4 grid gap-3 sm:grid-cols-2" noValidate>
          <Field label="Check" name="checkId" errors={fields.checkId}>
            {(c) => (
              <Select {...c} name="checkId" defaultValue="" className="w-full">
                <option value="">Every check</option>
                {checks.map((ch) => (
                  <option key={ch.id} value={ch.id}>
                    {ch.title}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field
            label="Resource pattern"
            name="resourcePattern"
            hint="* any text, ? one character"
            errors={fields.resourcePattern}
          >
            {(c) => <Input {...c} name="resourcePattern" placeholder="arn:aws:s3:::sandbox-*" className="w-full" />}
          </Field>
          <Field label="Account" name="accountId" errors={fields.accountId}>
            {(c) => <Input {...c} name="accountId" placeholder="12-digit id" className="w-full" />}
          </Field>
          <Field label="OU (and below)" name="ouId" errors={fields.ouId}>
            {(c) => <Input {...c} name="ouId" placeholder="ou-…" className="w-full" />}
          </Field>
          <Field label="Environment" name="environment" errors={fields.environment}>
            {(c) => (
              <Select {...c} name="environment" defaultValue="" className="w-full">
                <option value="">Any</option>
                {environments.map((e) => (
                  <option key={e}>{e}</option>
                ))}
              </Select>
            )}
          </Field>
          <div className="grid grid-cols-2 gap-2">
            <Field label="Tag key" name="tagKey" errors={fields.tagKey}>
              {(c) => <Input {...c} name="tagKey" className="w-full" />}
            </Field>
            <Field label="Tag value" name="tagValue" errors={fields.tagValue}>
              {(c) => <Input {...c} name="tagValue" className="w-full" />}
            </Field>
          </div>
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
          <Field label="Reason" name="reason" errors={fields.reason} className="sm:col-span-2">
            {(c) => <Textarea {...c} name="reason" rows={2} className="w-full" required />}
          </Field>
          {create.error && Object.keys(fields).length === 0 && (
            <ErrorMessage className="sm:col-span-2">{create.error.message}</ErrorMessage>
          )}
          <div className="flex gap-3 sm:col-span-2">
            <Button type="submit" variant="primary" size="lg" disabled={create.isPending}>
              {create.isPending ? "Adding…" : "Add rule"}
            </Button>
            <Button size="lg" onClick={() => setAdding(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
