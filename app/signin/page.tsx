import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { sameOriginPath } from "@/lib/auth/callback-url";
import { getViewer, isViewer } from "@/lib/auth/server";
import { localAdminEnabled } from "@/lib/auth/local-admin";
import { oidcProviders } from "@/lib/auth/options";
import { env, publicUrl } from "@/lib/env";
import { signInSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Sign in" };

// Maps, not object literals: a key such as "__proto__" or "constructor" must find nothing.
const MESSAGES = new Map<string, string>(
  Object.entries({
    AccessDenied:
      "Your identity provider signed you in, but this dashboard does not accept that account (no verified e-mail, or a domain that is not allowed). Ask your admin.",
    CredentialsSignin: "Wrong user name or password.",
    RateLimited: "Too many failed sign-ins. Wait 15 minutes and try again.",
    OAuthCallback:
      "The identity provider's answer could not be verified. Try again; if it persists, ask your admin to check the provider's settings.",
    OAuthSignin: "The identity provider could not be reached. Try again in a moment.",
    Callback: "Sign-in could not be completed. Try again; if it persists, ask your admin.",
    SessionRequired: "Sign in to continue.",
  }),
);

const REASONS = new Map<string, string>(
  Object.entries({
    idle: `You were signed out after ${env.AUTH_IDLE_TIMEOUT_MINUTES} minutes without activity.`,
    expired: `Sessions last at most ${env.AUTH_ABSOLUTE_TIMEOUT_HOURS} hours. Sign in again.`,
    revoked: "Your session was signed out from another session or by an admin.",
    "signed-out": "You are signed out.",
  }),
);

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = signInSearchParams.parse(await searchParams);
  // Only a path on the public origin: never an open redirect to another site.
  const callbackUrl = sameOriginPath(params.callbackUrl ?? "/", publicUrl);
  const viewer = await getViewer();
  if (isViewer(viewer)) redirect(callbackUrl);
  const error = params.error ? (MESSAGES.get(params.error) ?? "Sign-in failed. Try again.") : null;
  const notice = params.reason ? (REASONS.get(params.reason) ?? null) : null;
  const providers = oidcProviders.map((p) => ({ id: p.id, label: p.label }));
  return (
    <div className="mx-auto mt-12 max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to Posture</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Security posture of your AWS organization.</p>
      {notice && (
        <p
          role="status"
          className="mt-6 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900"
          data-testid="signin-notice"
        >
          {notice}
        </p>
      )}
      {error && (
        <p
          role="alert"
          className="mt-6 rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900 dark:border-rose-500/40 dark:bg-rose-500/10 dark:text-rose-200"
          data-testid="signin-error"
        >
          {error}
        </p>
      )}
      <SignInForm providers={providers} local={localAdminEnabled()} callbackUrl={callbackUrl} />
      {providers.length === 0 && !localAdminEnabled() && (
        <p className="mt-6 text-sm text-slate-600 dark:text-slate-400">
          No sign-in method is configured. Set <code className="font-mono text-xs">AUTH_OIDC_PROVIDERS</code>{" "}
          (docs/sso.md).
        </p>
      )}
    </div>
  );
}
