"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, send } from "@/components/api";
import { Button, ErrorMessage, Pill, SeverityBadge, Select, Table, Thead, td } from "@/components/ui";
import type { ResolvedRule, RuleSettings } from "@/lib/activity/rules";
import { settingsApi } from "@/lib/contracts/settings";
import { severities, type Severity } from "@/lib/domain/vocabulary";

/**
 * The risky-activity rules of the activity watch: admins turn each on or off and set its severity;
 * everyone else reads which rules run. A change applies from the watch's next look.
 */
export function ActivityRulesEditor({ rules, readOnly = false }: { rules: ResolvedRule[]; readOnly?: boolean }) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: RuleSettings) => send(settingsApi.saveActivityRules, { body }),
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    save.mutate(
      Object.fromEntries(
        rules.map((r) => [
          r.id,
          { enabled: form.get(`${r.id}.enabled`) === "on", severity: String(form.get(`${r.id}.severity`)) as Severity },
        ]),
      ),
    );
  }

  const table = (
    <Table caption="Risky activity rules">
      <Thead columns={["Rule", "Runs", "Severity"]} />
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {rules.map((r) => (
          <tr key={r.id} data-testid={`activity-rule-${r.id}`}>
            <td className={`${td} whitespace-normal`}>
              <div className="font-medium">{r.title}</div>
              <div className="max-w-md whitespace-normal text-xs text-slate-500 dark:text-slate-400">
                {r.description}
              </div>
            </td>
            <td className={td}>
              {readOnly ? (
                <Pill tone={r.enabled ? "good" : "neutral"}>{r.enabled ? "on" : "off"}</Pill>
              ) : (
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    name={`${r.id}.enabled`}
                    defaultChecked={r.enabled}
                    aria-label={`Run ${r.title}`}
                  />
                  on
                </label>
              )}
            </td>
            <td className={td}>
              {readOnly ? (
                <SeverityBadge severity={r.severity} />
              ) : (
                <Select
                  name={`${r.id}.severity`}
                  defaultValue={r.severity}
                  aria-label={`Severity of ${r.title}`}
                  aria-invalid={fields[`${r.id}.severity`] ? true : undefined}
                >
                  {severities.map((s) => (
                    <option key={s} value={s}>
                      {s}
                      {s === r.defaultSeverity ? " (default)" : ""}
                    </option>
                  ))}
                </Select>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
  const note = (
    <p className="mb-3 text-xs text-slate-500 dark:text-slate-400">
      The activity watch reads each account&apos;s CloudTrail management events about once an hour; every hit of a rule
      that runs is a finding with the event as evidence. The unused regions are the check setting{" "}
      <span className="font-mono">unusedRegions</span>.
    </p>
  );
  if (readOnly)
    return (
      <div data-testid="activity-rules">
        {note}
        {table}
        <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">Admins change these rules in Settings.</p>
      </div>
    );
  return (
    <form onSubmit={submit} data-testid="activity-rules" noValidate>
      {note}
      {table}
      {save.error && (
        <ErrorMessage className="mt-3">
          {Object.keys(fields).length
            ? Object.entries(fields)
                .map(([k, v]) => `${k}: ${v.join(", ")}`)
                .join("; ")
            : save.error.message}
        </ErrorMessage>
      )}
      {saved && (
        <p role="status" className="mt-3 text-sm text-emerald-800 dark:text-emerald-200">
          Saved. The activity watch uses these rules from its next look.
        </p>
      )}
      <div className="mt-4">
        <Button type="submit" variant="primary" size="lg" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save rules"}
        </Button>
      </div>
    </form>
  );
}
