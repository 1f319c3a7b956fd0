import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { NavLinks } from "@/components/nav-links";
import { UserMenu } from "@/components/user-menu";
import { Providers } from "@/components/providers";
import { icons } from "@/components/icons";
import { getDatabase } from "@/lib/db";
import { demoStatus, getDemoState } from "@/lib/db/queries/demo";
import { DemoBanner } from "@/components/demo-banner";
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
  const demo = member ? demoStatus(await getDemoState(db)) : null;
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
              {/* The column carries the background, as tall as the page; its content stays in view and
                  scrolls on its own when the window is shorter than the navigation. */}
              <aside className="border-b border-slate-200 bg-white md:w-60 md:shrink-0 md:border-b-0 md:border-r dark:border-slate-800 dark:bg-slate-900">
                <div className="md:sticky md:top-0 md:flex md:h-screen md:flex-col md:overflow-y-auto">
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
                </div>
              </aside>
              <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-6 py-8 lg:px-10">
                {demo && demo.state !== "none" && <DemoBanner initial={demo} admin={member?.role === "admin"} />}
                {children}
              </main>
            </div>
          )}
        </Providers>
      </body>
    </html>
  );
}
