import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Link } from "@/components/link";
import "./globals.css";
import { NavLinks } from "@/components/nav-links";
import { UserMenu } from "@/components/user-menu";
import { Providers } from "@/components/providers";
import { icons } from "@/components/icons";
import { getDatabase } from "@/lib/db";
import { findDemoOrganization } from "@/lib/db/queries/accounts";
import { getViewer, isViewer } from "@/lib/auth/server";

// Every page reads live security data per request; nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Posture", template: "%s · Posture" },
  description: "Security posture of your AWS organization",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { db, mode } = await getDatabase();
  const viewer = await getViewer();
  // Signed-out visitors (the sign-in page) and users without a role see no navigation and no banner.
  const member = isViewer(viewer) && viewer.role !== null && !viewer.user.passwordOneTime ? viewer : null;
  const demo = member ? await findDemoOrganization(db) : null;
  const Shield = icons.shield;
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only z-50 rounded bg-indigo-600 px-3 py-2 text-white focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
        >
          Skip to content
        </a>
        <Providers>
          {!isViewer(viewer) ? (
            <main id="main" tabIndex={-1} className="min-h-screen px-6 py-8">
              {children}
            </main>
          ) : (
            <div className="md:flex">
              <aside className="border-b border-slate-200 bg-white md:sticky md:top-0 md:flex md:h-screen md:w-60 md:shrink-0 md:flex-col md:border-b-0 md:border-r dark:border-slate-800 dark:bg-slate-900">
                <div className="flex items-center gap-2 px-5 py-4">
                  <Shield className="size-6 text-indigo-600 dark:text-indigo-400" />
                  <span className="text-lg font-semibold tracking-tight">Posture</span>
                </div>
                <nav aria-label="Main" className="px-3 pb-3 md:flex-1">
                  {member && <NavLinks role={member.role!} />}
                </nav>
                <UserMenu
                  email={viewer.user.email}
                  name={viewer.user.name}
                  role={viewer.role}
                  local={viewer.user.passwordOneTime || viewer.user.email === "admin"}
                />
                <p
                  className="hidden px-5 py-4 text-xs text-slate-500 md:block dark:text-slate-400"
                  data-testid="db-mode"
                >
                  {/* Not the data folder's path: a server detail for admins, shown in Settings. */}
                  {mode === "embedded" ? "Embedded database" : "PostgreSQL"}
                </p>
              </aside>
              <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-6 py-8 lg:px-10">
                {demo && (
                  <p
                    role="note"
                    data-testid="demo-banner"
                    className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
                  >
                    <strong>Demo organization.</strong> Simulated accounts and 90 days of history, run through the real
                    checks. Connect AWS (README → AWS set-up) to see yours.{" "}
                    {member?.role === "admin" && (
                      <Link
                        href="/settings#demo"
                        className="font-medium underline underline-offset-2 hover:no-underline"
                      >
                        Remove the demo organization
                      </Link>
                    )}
                  </p>
                )}
                {children}
              </main>
            </div>
          )}
        </Providers>
      </body>
    </html>
  );
}
