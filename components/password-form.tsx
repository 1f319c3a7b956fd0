"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { accountApi } from "@/lib/contracts/account";
import { ApiError, send } from "./api";

const input =
  "mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900";

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
      <label className="block text-sm">
        <span className="text-slate-600 dark:text-slate-400">
          {oneTime ? "One-time password (from the server console)" : "Current password"}
        </span>
        <input name="current" type="password" autoComplete="current-password" required className={input} />
        {fields.current && (
          <span className="mt-1 block text-rose-700 dark:text-rose-300">Current password {fields.current[0]}.</span>
        )}
      </label>
      <label className="block text-sm">
        <span className="text-slate-600 dark:text-slate-400">New password (12 characters or more)</span>
        <input name="next" type="password" autoComplete="new-password" minLength={12} required className={input} />
        {fields.next && (
          <span className="mt-1 block text-rose-700 dark:text-rose-300">New password {fields.next[0]}.</span>
        )}
      </label>
      <label className="block text-sm">
        <span className="text-slate-600 dark:text-slate-400">New password again</span>
        <input name="confirm" type="password" autoComplete="new-password" required className={input} />
        {mismatch && <span className="mt-1 block text-rose-700 dark:text-rose-300">The two new passwords differ.</span>}
      </label>
      {change.error && !fields.current && !fields.next && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          {change.error.message}
        </p>
      )}
      <button
        type="submit"
        disabled={change.isPending}
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {change.isPending ? "Saving…" : "Save password"}
      </button>
    </form>
  );
}
