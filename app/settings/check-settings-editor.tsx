"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import type { CheckSettings } from "@/lib/checks/settings";
import { ApiError, send } from "@/components/api";
import { Button, ErrorMessage, Field, Input, Select, Textarea, type FieldControl } from "@/components/ui";
import { GUARDDUTY_FEATURES, GUARDDUTY_FEATURE_LABELS, type GuardDutyFeatureName } from "@/lib/domain/guardduty";
import { checkSettingsKeys, settingsApi, type CheckSettingsInput } from "@/lib/contracts/settings";

const LABELS: Record<keyof CheckSettings, string> = {
  unusedRegions: "Unused regions",
  logArchiveBucket: "Central log-archive bucket",
  logArchiveAccountId: "Log-archive account",
  onPremisesCidrs: "On-premises CIDR ranges",
  overlapIncludesDefaultVpcs: "Default VPCs in the overlap check",
  adminUserThreshold: "Most IAM admin users allowed",
  prodSeverityRaise: "Severity raise in prod (levels)",
  environmentTag: "Tag naming the environment",
  sensitiveDataTag: "Tag marking sensitive buckets",
  guardDutyRequiredFeatures: "GuardDuty protection plans required",
};

function show(value: unknown): string {
  if (value === undefined || value === null) return "not set";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object")
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(" | ") : String(v)}`)
      .join("; ");
  return String(value);
}

/** One item per line or comma, blanks dropped. */
const list = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
const optional = (text: string) => (text.trim() === "" ? undefined : text.trim());
// Empty is not a number: NaN travels as null (JSON has none) and the server names the field.
const whole = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

const sentence = (e: string) => `${e.charAt(0).toUpperCase()}${e.slice(1)}.`;

/** One setting's field: its label, hint and errors (as sentences). */
function SettingField({
  name,
  hint,
  errors,
  children,
}: {
  name: keyof CheckSettings;
  hint: ReactNode;
  errors?: string[];
  children: (control: FieldControl) => ReactNode;
}) {
  return (
    <Field label={LABELS[name]} name={name} hint={hint} errors={errors?.map(sentence)}>
      {children}
    </Field>
  );
}

/**
 * The check settings in force, and for admins an editor: Save stores every field (PUT, validated on
 * the server with the same schema, errors shown by their field); Reset forgets them (DELETE).
 */
export function CheckSettingsEditor(props: {
  settings: CheckSettings;
  source: string;
  saved: boolean;
  baseLabel: string;
  fileError: string | null;
}) {
  const router = useRouter();
  // What the last save or reset answered, shown at once rather than after the page refreshes.
  // It holds only until the refreshed page brings new props.
  const [answer, setAnswer] = useState<{
    settings: CheckSettings;
    source: string;
    saved: boolean;
    over: CheckSettings;
  } | null>(null);
  const { settings, source, saved } = answer && answer.over === props.settings ? answer : props;
  const { baseLabel, fileError } = props;
  const [editing, setEditing] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  const [done, setDone] = useState<{ what: "saved" | "reset"; changed: (keyof CheckSettings)[] } | null>(null);
  const save = useMutation({
    mutationFn: (body: CheckSettingsInput) => send(settingsApi.saveChecks, { body }),
    onSuccess: (result) => {
      setAnswer({ settings: result.settings, source: result.source, saved: true, over: props.settings });
      setDone({ what: "saved", changed: result.changed });
      setEditing(false);
      router.refresh();
    },
  });
  const reset = useMutation({
    mutationFn: () => send(settingsApi.resetChecks),
    onSuccess: (result) => {
      setAnswer({ settings: result.settings, source: result.source, saved: false, over: props.settings });
      setDone({ what: "reset", changed: result.changed });
      setConfirmReset(false);
      router.refresh();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const fieldErrors = (key: keyof CheckSettings) => fields[key];
  // The tag's errors arrive under one field; their wording says which input they are about.
  const tagErrors = fieldErrors("sensitiveDataTag");
  const tagProblem = (word: "key" | "value") => (tagErrors ?? []).some((e) => e.includes(word));
  const otherError = save.error && Object.keys(fields).length === 0 ? save.error.message : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    save.mutate({
      unusedRegions: list(text("unusedRegions")),
      logArchiveBucket: optional(text("logArchiveBucket")),
      logArchiveAccountId: optional(text("logArchiveAccountId")),
      onPremisesCidrs: list(text("onPremisesCidrs")),
      overlapIncludesDefaultVpcs: form.get("overlapIncludesDefaultVpcs") === "on",
      adminUserThreshold: whole(text("adminUserThreshold")),
      prodSeverityRaise: whole(text("prodSeverityRaise")),
      environmentTag: optional(text("environmentTag")),
      sensitiveDataTag: { key: text("sensitiveDataTag.key").trim(), values: list(text("sensitiveDataTag.values")) },
      guardDutyRequiredFeatures: form.getAll("guardDutyRequiredFeatures").map(String) as GuardDutyFeatureName[],
    });
  }

  const header = (
    <>
      <p className="mb-3 text-xs text-slate-500 dark:text-slate-400">
        From: {source}. Collections read them when they start: a change applies from the next collection.
      </p>
      {fileError && (
        <p role="alert" className="mb-3 whitespace-pre-wrap text-xs text-red-700 dark:text-red-300">
          {fileError}
        </p>
      )}
    </>
  );

  if (!editing) {
    return (
      <div data-testid="check-settings">
        {header}
        {done && (
          <p
            role="status"
            className="mb-3 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-500/30 dark:bg-emerald-500/10 dark:text-emerald-200"
          >
            {done.what === "saved" ? "Saved." : `Reset to the ${baseLabel}.`}{" "}
            {done.changed.length === 0
              ? "Nothing changed."
              : `Changed: ${done.changed.map((k) => LABELS[k]).join(", ")}. The next collection uses them.`}
          </p>
        )}
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          {checkSettingsKeys.map((key) => (
            <div key={key} className="contents">
              <dt className="text-slate-500">{LABELS[key]}</dt>
              <dd className="font-mono text-xs leading-5">{show(settings[key])}</dd>
            </div>
          ))}
        </dl>
        <div className="mt-5 flex flex-wrap items-center gap-3">
          <Button
            variant="primary"
            size="lg"
            onClick={() => {
              setEditing(true);
              setDone(null);
              setConfirmReset(false);
              save.reset();
            }}
          >
            Edit settings
          </Button>
          {saved && !confirmReset && (
            <Button
              size="lg"
              onClick={() => {
                setConfirmReset(true);
                setDone(null);
              }}
            >
              Reset to {baseLabel}…
            </Button>
          )}
        </div>
        {confirmReset && (
          <div
            role="group"
            aria-label="Confirm reset"
            className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-100"
          >
            <p>Forget the settings saved here? The {baseLabel} apply again from the next collection.</p>
            <div className="mt-3 flex gap-3">
              <Button variant="primary" size="lg" disabled={reset.isPending} onClick={() => reset.mutate()}>
                {reset.isPending ? "Resetting…" : `Reset to ${baseLabel}`}
              </Button>
              <Button size="lg" onClick={() => setConfirmReset(false)}>
                Cancel
              </Button>
            </div>
            {reset.error && <ErrorMessage className="mt-2">{reset.error.message}</ErrorMessage>}
          </div>
        )}
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Check settings" data-testid="check-settings-form">
      {header}
      <div className="grid gap-5">
        <SettingField
          name="unusedRegions"
          errors={fieldErrors("unusedRegions")}
          hint="One per line, e.g. ap-southeast-2. Any instance running there is a finding."
        >
          {(p) => (
            <Textarea
              {...p}
              name="unusedRegions"
              rows={4}
              defaultValue={settings.unusedRegions.join("\n")}
              className="w-full font-mono"
              spellCheck={false}
            />
          )}
        </SettingField>
        <SettingField
          name="onPremisesCidrs"
          errors={fieldErrors("onPremisesCidrs")}
          hint="One IPv4 block per line, e.g. 10.0.0.0/16. VPCs must not overlap them."
        >
          {(p) => (
            <Textarea
              {...p}
              name="onPremisesCidrs"
              rows={4}
              defaultValue={settings.onPremisesCidrs.join("\n")}
              className="w-full font-mono"
              spellCheck={false}
            />
          )}
        </SettingField>
        <SettingField
          name="overlapIncludesDefaultVpcs"
          errors={fieldErrors("overlapIncludesDefaultVpcs")}
          hint="Every default VPC is 172.31.0.0/16: checked, each one collides with every other account's."
        >
          {(p) => (
            <input
              {...p}
              type="checkbox"
              name="overlapIncludesDefaultVpcs"
              defaultChecked={settings.overlapIncludesDefaultVpcs}
              className="block size-4 accent-indigo-600"
            />
          )}
        </SettingField>
        <SettingField
          name="logArchiveBucket"
          errors={fieldErrors("logArchiveBucket")}
          hint="The S3 bucket every CloudTrail trail must deliver to. Empty: not checked."
        >
          {(p) => (
            <Input
              {...p}
              name="logArchiveBucket"
              defaultValue={settings.logArchiveBucket ?? ""}
              className="w-full font-mono"
              autoComplete="off"
              spellCheck={false}
              placeholder="org-cloudtrail-logs"
            />
          )}
        </SettingField>
        <SettingField
          name="logArchiveAccountId"
          errors={fieldErrors("logArchiveAccountId")}
          hint="The 12-digit account that owns the bucket."
        >
          {(p) => (
            <Input
              {...p}
              name="logArchiveAccountId"
              defaultValue={settings.logArchiveAccountId ?? ""}
              className="w-full font-mono"
              inputMode="numeric"
              autoComplete="off"
              placeholder="111122223333"
            />
          )}
        </SettingField>
        <SettingField
          name="environmentTag"
          errors={fieldErrors("environmentTag")}
          hint="Account tag whose value says prod, staging or dev; without it, the OU name, then the account name. Empty: the server's POSTURE_ENVIRONMENT_TAG."
        >
          {(p) => (
            <Input
              {...p}
              name="environmentTag"
              defaultValue={settings.environmentTag ?? ""}
              className="w-full font-mono"
              autoComplete="off"
              spellCheck={false}
              placeholder="Environment"
            />
          )}
        </SettingField>
        <SettingField
          name="adminUserThreshold"
          errors={fieldErrors("adminUserThreshold")}
          hint="More IAM users with administrator access than this is a finding."
        >
          {(p) => (
            <Input
              {...p}
              name="adminUserThreshold"
              type="number"
              min={0}
              step={1}
              defaultValue={settings.adminUserThreshold}
              className="w-full tabular-nums"
            />
          )}
        </SettingField>
        <SettingField
          name="prodSeverityRaise"
          errors={fieldErrors("prodSeverityRaise")}
          hint="Findings in prod accounts count this much more severe (never above critical)."
        >
          {(p) => (
            <Select
              {...p}
              name="prodSeverityRaise"
              defaultValue={String(settings.prodSeverityRaise)}
              className="w-full"
            >
              <option value="0">0 — same severity as elsewhere</option>
              <option value="1">1 level (medium → high)</option>
              <option value="2">2 levels (medium → critical)</option>
            </Select>
          )}
        </SettingField>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">{LABELS.sensitiveDataTag}</legend>
          <div className="mt-1 grid gap-3">
            <label className="block text-xs text-slate-600 dark:text-slate-400">
              Tag key
              <Input
                name="sensitiveDataTag.key"
                defaultValue={settings.sensitiveDataTag.key}
                aria-invalid={tagProblem("key")}
                className="mt-1 w-full font-mono"
                autoComplete="off"
                spellCheck={false}
              />
            </label>
            <label className="block text-xs text-slate-600 dark:text-slate-400">
              Values that mark a bucket sensitive (comma-separated)
              <Input
                name="sensitiveDataTag.values"
                defaultValue={settings.sensitiveDataTag.values.join(", ")}
                aria-invalid={tagProblem("value")}
                className="mt-1 w-full font-mono"
                autoComplete="off"
                spellCheck={false}
              />
            </label>
          </div>
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            A bucket tagged so must be encrypted with a KMS key.
          </p>
          {tagErrors && (
            <ul
              className="mt-1 space-y-0.5 text-sm text-rose-700 dark:text-rose-300"
              data-testid="error-sensitiveDataTag"
            >
              {tagErrors.map((e) => (
                <li key={e}>{sentence(e)}</li>
              ))}
            </ul>
          )}
        </fieldset>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">
            {LABELS.guardDutyRequiredFeatures}
          </legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {GUARDDUTY_FEATURES.map((f) => (
              <label key={f} className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
                <input
                  type="checkbox"
                  name="guardDutyRequiredFeatures"
                  value={f}
                  defaultChecked={settings.guardDutyRequiredFeatures.includes(f)}
                />
                {GUARDDUTY_FEATURE_LABELS[f]}
              </label>
            ))}
          </div>
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            An enabled detector without one of these is a finding.
          </p>
          {fieldErrors("guardDutyRequiredFeatures") && (
            <ul className="mt-1 space-y-0.5 text-sm text-rose-700 dark:text-rose-300">
              {fieldErrors("guardDutyRequiredFeatures")!.map((e) => (
                <li key={e}>{sentence(e)}</li>
              ))}
            </ul>
          )}
        </fieldset>
      </div>
      {(otherError || Object.keys(fields).length > 0) && (
        <ErrorMessage className="mt-4">
          {otherError ?? "Nothing was saved: correct the fields marked above."}
        </ErrorMessage>
      )}
      <div className="mt-5 flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" size="lg" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </Button>
        <Button size="lg" disabled={save.isPending} onClick={() => setEditing(false)}>
          Cancel
        </Button>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Saving stores every field here; the next collection uses them.
        </p>
      </div>
    </form>
  );
}
