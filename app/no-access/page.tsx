import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePage } from "@/lib/auth/server";

export const metadata: Metadata = { title: "No access yet" };

/** Signed in, but no role: nothing to show until an admin or an IdP group grants one. */
export default async function NoAccessPage() {
  const viewer = await requirePage("signed-in");
  if (viewer.role) redirect("/");
  return (
    <div className="mx-auto mt-12 max-w-lg" data-testid="no-access">
      <h1 className="text-2xl font-semibold tracking-tight">Ask your admin for access</h1>
      <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">
        You are signed in as <strong>{viewer.user.email}</strong>, but you have no role in Posture yet, so there is
        nothing to show you.
      </p>
      <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">
        An admin can give you a role and a team in <em>Settings → Users &amp; teams</em>, or add you to an
        identity-provider group that maps to a role. Sign out and in again after that.
      </p>
    </div>
  );
}
