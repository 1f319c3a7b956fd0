import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasswordForm } from "@/components/password-form";
import { PageHeader } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { getDb } from "@/lib/db";
import { getUser } from "@/lib/db/queries/users";

export const metadata: Metadata = { title: "Password" };

export default async function PasswordPage() {
  const viewer = await requirePage("signed-in");
  const user = await getUser(await getDb(), viewer.user.id);
  if (!user?.passwordHash) redirect("/account/sessions"); // SSO users have no password here.
  return (
    <div className="max-w-md">
      <PageHeader
        title={viewer.user.passwordOneTime ? "Choose your password" : "Change password"}
        description={
          viewer.user.passwordOneTime
            ? "You signed in with the one-time password printed at first start. Replace it before going on."
            : "Your other sessions are signed out when the password changes."
        }
      />
      <PasswordForm oneTime={viewer.user.passwordOneTime} />
    </div>
  );
}
