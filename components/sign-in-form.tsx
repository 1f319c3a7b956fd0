"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { sameOriginPath } from "@/lib/auth/callback-url";

const button =
  "w-full rounded-md px-4 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-60";

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
              <button
                type="button"
                className={`${button} bg-indigo-600 text-white hover:bg-indigo-500`}
                disabled={busy !== null}
                onClick={() => {
                  setBusy(p.id);
                  void signIn(p.id, { callbackUrl });
                }}
              >
                {busy === p.id ? "Redirecting…" : `Continue with ${p.label}`}
              </button>
            </li>
          ))}
        </ul>
      )}
      {local && (
        <form
          onSubmit={submitLocal}
          className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
          aria-label="Local admin sign-in"
        >
          <p className="text-sm font-medium">Local admin</p>
          <label className="block text-sm">
            <span className="text-slate-600 dark:text-slate-400">User name</span>
            <input
              name="username"
              autoComplete="username"
              required
              defaultValue="admin"
              className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
          <label className="block text-sm">
            <span className="text-slate-600 dark:text-slate-400">Password</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
          {error && (
            <p role="alert" className="text-sm text-rose-700 dark:text-rose-300" data-testid="local-error">
              {error}
            </p>
          )}
          <button
            type="submit"
            disabled={busy !== null}
            className={`${button} bg-slate-900 text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900`}
          >
            {busy === "local" ? "Signing in…" : "Sign in"}
          </button>
          <p className="text-xs text-slate-500">
            The one-time password was printed to the server console at first start.
          </p>
        </form>
      )}
    </div>
  );
}
