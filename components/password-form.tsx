"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { accountApi } from "@/lib/contracts/account";
import { ApiError, send } from "./api";
import { Button, ErrorMessage, Field, Input } from "./ui";

export function PasswordForm({ oneTime }: { oneTime: boolean }) {
  const router = useRouter();
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: (body: { current: string; next: string }) => send(accountApi.changePassword, { body }),
    onSuccess: () => {
      router.replace("/");
      router.refresh();
    },
  });
  const fields = change.error instanceof ApiError ? change.error.fields : {};

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = String(form.get("next"));
    setMismatch(next !== String(form.get("confirm")));
    if (next !== String(form.get("confirm"))) return;
    change.mutate({ current: String(form.get("current")), next });
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Change password">
      <Field
        label={oneTime ? "One-time password (from the server console)" : "Current password"}
        errors={fields.current?.map((e) => `Current password ${e}.`)}
      >
        {(p) => (
          <Input
            {...p}
            name="current"
            type="password"
            autoComplete="current-password"
            required
            size="lg"
            className="w-full"
          />
        )}
      </Field>
      <Field label="New password (12 characters or more)" errors={fields.next?.map((e) => `New password ${e}.`)}>
        {(p) => (
          <Input
            {...p}
            name="next"
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
            size="lg"
            className="w-full"
          />
        )}
      </Field>
      <Field label="New password again" errors={mismatch ? ["The two new passwords differ."] : undefined}>
        {(p) => (
          <Input
            {...p}
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            size="lg"
            className="w-full"
          />
        )}
      </Field>
      {change.error && !fields.current && !fields.next && <ErrorMessage>{change.error.message}</ErrorMessage>}
      <Button type="submit" variant="primary" size="lg" disabled={change.isPending}>
        {change.isPending ? "Saving…" : "Save password"}
      </Button>
    </form>
  );
}
