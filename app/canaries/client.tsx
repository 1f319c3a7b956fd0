"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, send } from "@/components/api";
import { Button, Card, ErrorMessage, Field, Input, Select } from "@/components/ui";
import { canariesApi } from "@/lib/contracts/canaries";
import { environments, type Environment } from "@/lib/domain/vocabulary";

const FIELDS = [
  { name: "accessKeyId", label: "Access key id", placeholder: "AKIA…", mono: true, required: true },
  { name: "label", label: "Label", placeholder: "CI decoy", required: true },
  { name: "ownerAccountId", label: "Owning account", placeholder: "123456789012", mono: true, required: true },
  { name: "iamUserName", label: "IAM user", placeholder: "ci-canary", mono: true, required: true },
  { name: "system", label: "System (optional)", placeholder: "GitHub Actions" },
  { name: "repository", label: "Repository (optional)", placeholder: "acme/payments" },
  { name: "plantedIn", label: "Where exactly (optional)", placeholder: ".github/workflows/deploy.yml" },
  { name: "owner", label: "Owner (optional)", placeholder: "security@acme.example" },
] as const;

/** An admin registers a canary's public key id; the secret is never asked for. */
export function RegisterCanary() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const mutation = useMutation({
    mutationFn: (body: Parameters<typeof send<typeof canariesApi.create>>[1]) => send(canariesApi.create, body),
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  const fields = mutation.error instanceof ApiError ? mutation.error.fields : {};
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (k: string) => String(form.get(k) ?? "").trim();
    mutation.mutate({
      body: {
        accessKeyId: text("accessKeyId"),
        label: text("label"),
        ownerAccountId: text("ownerAccountId"),
        iamUserName: text("iamUserName"),
        environment: (environments.find((e) => e === text("environment")) ?? "other") as Environment,
        system: text("system") || null,
        repository: text("repository") || null,
        plantedIn: text("plantedIn") || null,
        owner: text("owner") || null,
      },
    });
  }
  if (!open)
    return (
      <div className="mb-4">
        <Button variant="primary" onClick={() => setOpen(true)}>
          Register a canary
        </Button>
      </div>
    );
  return (
    <Card title="Register a canary key" className="mb-6">
      <form onSubmit={submit} aria-label="Register a canary" className="grid gap-3 sm:grid-cols-3">
        {FIELDS.map((f) => (
          <Field
            key={f.name}
            label={f.label}
            name={f.name}
            errors={fields[f.name]?.map((e) => `${f.label.replace(" (optional)", "")} ${e}.`)}
          >
            {(p) => (
              <Input
                {...p}
                name={f.name}
                required={"required" in f}
                placeholder={f.placeholder}
                className={`w-full ${"mono" in f ? "font-mono" : ""}`}
              />
            )}
          </Field>
        ))}
        <Field label="Environment planted in" name="environment" errors={fields.environment}>
          {(p) => (
            <Select {...p} name="environment" defaultValue="prod" className="w-full">
              {environments.map((e) => (
                <option key={e}>{e}</option>
              ))}
            </Select>
          )}
        </Field>
        <p className="text-xs text-slate-500 sm:col-span-3 dark:text-slate-400">
          Only the public access key id is stored. Never paste the secret access key anywhere in Posture.
        </p>
        <div className="flex gap-2 sm:col-span-3">
          <Button type="submit" variant="primary" disabled={mutation.isPending}>
            {mutation.isPending ? "Registering…" : "Register"}
          </Button>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
        </div>
        {mutation.error && Object.keys(fields).length === 0 && (
          <ErrorMessage className="sm:col-span-3">{mutation.error.message}</ErrorMessage>
        )}
      </form>
    </Card>
  );
}

export function RetireCanary({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: () => send(canariesApi.retire, { params: { id } }),
    onSuccess: () => router.refresh(),
  });
  return (
    <>
      <Button
        size="sm"
        disabled={mutation.isPending}
        onClick={() => {
          if (window.confirm(`Stop watching "${label}"? Its events stay.`)) mutation.mutate();
        }}
      >
        Retire
      </Button>
      {mutation.error && <ErrorMessage>{mutation.error.message}</ErrorMessage>}
    </>
  );
}
