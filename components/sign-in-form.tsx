"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { sameOriginPath } from "@/lib/auth/callback-url";
import { Button, ErrorMessage, Field, Input } from "./ui";

export function SignInForm({
  providers,
  local,
  callbackUrl,
}: {
  providers: { id: string; label: string }[];
  local: boolean;
  callbackUrl: string;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submitLocal(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy("local");
    setError(null);
    const result = await signIn("local", {
      username: form.get("username"),
      password: form.get("password"),
      redirect: false,
      callbackUrl,
    });
    if (result?.ok && !result.error) {
      // The server sent a checked path; checked again here, where the navigation happens.
      window.location.assign(sameOriginPath(callbackUrl, window.location.origin));
      return;
    }
    setBusy(null);
    setError(
      result?.error === "RateLimited"
        ? "Too many failed sign-ins. Wait 15 minutes and try again."
        : "Wrong user name or password.",
    );
  }

  return (
    <div className="mt-8 space-y-6">
      {providers.length > 0 && (
        <ul className="space-y-3">
          {providers.map((p) => (
            <li key={p.id}>
              <Button
                variant="primary"
                size="lg"
                className="w-full"
                disabled={busy !== null}
                onClick={() => {
                  setBusy(p.id);
                  void signIn(p.id, { callbackUrl });
                }}
              >
                {busy === p.id ? "Redirecting…" : `Continue with ${p.label}`}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {local && (
        <form
          onSubmit={submitLocal}
          className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
          aria-label="Local admin sign-in"
        >
          <p className="text-sm font-medium">Local admin</p>
          <Field label="User name">
            {(p) => (
              <Input
                {...p}
                name="username"
                autoComplete="username"
                required
                defaultValue="admin"
                size="lg"
                className="w-full"
              />
            )}
          </Field>
          <Field label="Password">
            {(p) => (
              <Input
                {...p}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                size="lg"
                className="w-full"
              />
            )}
          </Field>
          {error && <ErrorMessage data-testid="local-error">{error}</ErrorMessage>}
          <Button type="submit" variant="neutral" size="lg" className="w-full" disabled={busy !== null}>
            {busy === "local" ? "Signing in…" : "Sign in"}
          </Button>
          <p className="text-xs text-slate-500">
            The one-time password was printed to the server console at first start.
          </p>
        </form>
      )}
    </div>
  );
}
