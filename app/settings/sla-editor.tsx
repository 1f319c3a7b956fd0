"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, send } from "@/components/api";
import { Button, ErrorMessage, Input, Table, Thead, td } from "@/components/ui";
import { triageApi } from "@/lib/contracts/triage";
import { severities } from "@/lib/domain/vocabulary";
import type { SlaSettings } from "@/lib/findings/sla";

const COLUMNS = [
  { key: "days", label: "Days to fix", empty: "no deadline" },
  { key: "prodDays", label: "In prod (stricter)", empty: "same" },
  { key: "maxSuppressionDays", label: "Longest suppression", empty: "no limit" },
] as const;

// Empty is "none"; text that is no whole number is sent as it is, for the server to name the field.
const days = (text: string) =>
  text.trim() === "" ? null : /^\d+$/.test(text.trim()) ? Number(text) : (text as unknown as number);

/** Remediation deadlines and the longest suppression per severity: saving moves every open finding's due date. */
export function SlaEditor({ settings }: { settings: SlaSettings }) {
  const router = useRouter();
  const [done, setDone] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (body: SlaSettings) => send(triageApi.saveSla, { body }),
    onSuccess: (r) => {
      setDone(r.recomputed);
      router.refresh();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const problem = (key: string, severity: string) => fields[`${key}.${severity}`] ?? fields[key];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const column = (key: string) =>
      Object.fromEntries(
        severities.map((s) => [s, days(String(form.get(`${key}.${s}`) ?? ""))]),
      ) as SlaSettings["days"];
    setDone(null);
    save.mutate({
      days: column("days"),
      prodDays: column("prodDays"),
      maxSuppressionDays: column("maxSuppressionDays"),
    });
  }

  return (
    <form onSubmit={submit} data-testid="sla-settings" noValidate>
      <p className="mb-3 text-xs text-slate-500 dark:text-slate-400">
        An open finding is due its severity&apos;s days after it was first seen. Empty: no deadline, the same as every
        account, or no limit. A suppression without an expiry gets the longest allowed.
      </p>
      <Table caption="Remediation deadlines per severity">
        <Thead columns={["Severity", ...COLUMNS.map((c) => c.label)]} />
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {severities.map((s) => (
            <tr key={s}>
              <td className={`${td} capitalize`}>{s}</td>
              {COLUMNS.map((c) => (
                <td key={c.key} className="px-2 py-2 align-top">
                  <Input
                    name={`${c.key}.${s}`}
                    aria-label={`${c.label}, ${s}`}
                    inputMode="numeric"
                    defaultValue={settings[c.key][s] ?? ""}
                    placeholder={c.empty}
                    aria-invalid={problem(c.key, s) ? true : undefined}
                    className="w-24"
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </Table>
      {save.error && (
        <ErrorMessage className="mt-3">
          {Object.keys(fields).length
            ? Object.entries(fields)
                .map(([k, v]) => `${k}: ${v.join(", ")}`)
                .join("; ")
            : save.error.message}
        </ErrorMessage>
      )}
      {done !== null && (
        <p role="status" className="mt-3 text-sm text-emerald-800 dark:text-emerald-200">
          Saved. {done} open finding{done === 1 ? "" : "s"} got a new due date.
        </p>
      )}
      <div className="mt-4">
        <Button type="submit" variant="primary" size="lg" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save deadlines"}
        </Button>
      </div>
    </form>
  );
}
