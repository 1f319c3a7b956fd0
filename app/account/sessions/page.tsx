import type { Metadata } from "next";
import { SessionsTable } from "@/components/sessions-table";
import { PageHeader } from "@/components/ui";
import { sessionPolicy } from "@/lib/auth/policy";
import { requirePage } from "@/lib/auth/server";
import { getDb } from "@/lib/db";
import { listActiveSessions } from "@/lib/db/queries/sessions";

export const metadata: Metadata = { title: "Your sessions" };

export default async function SessionsPage() {
  const viewer = await requirePage("signed-in");
  const rows = await listActiveSessions(await getDb(), viewer.user.id, new Date(), sessionPolicy);
  return (
    <>
      <PageHeader
        title="Your sessions"
        description={`Where you are signed in. A session ends after ${sessionPolicy.idleMs / 60_000} minutes without activity and at most ${sessionPolicy.absoluteMs / 3_600_000} hours after sign-in.`}
      />
      <SessionsTable
        current={viewer.sessionId}
        sessions={rows.map((s) => ({
          ...s,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
        }))}
      />
    </>
  );
}
