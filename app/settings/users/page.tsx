import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { sessionPolicy } from "@/lib/auth/policy";
import { requirePage } from "@/lib/auth/server";
import { getDb } from "@/lib/db";
import { listUsersForAdmin } from "@/lib/db/queries/admin-users";
import { listScopeTargets, listTeamMembers, listTeams, listTeamScopes } from "@/lib/db/queries/teams";
import { TeamsPanel, type TeamView } from "./teams-panel";
import { UsersTable } from "./users-table";

export const metadata: Metadata = { title: "Users & teams" };

const iso = (d: Date | null) => d?.toISOString() ?? null;

export default async function UsersPage() {
  const viewer = await requirePage("admin");
  const db = await getDb();
  const [users, teams, scopes, members, targets] = await Promise.all([
    listUsersForAdmin(db, new Date(), sessionPolicy),
    listTeams(db),
    listTeamScopes(db),
    listTeamMembers(db),
    listScopeTargets(db),
  ]);
  const teamViews: TeamView[] = teams.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    idpGroup: t.idpGroup,
    accountCount: t.accountCount,
    scopes: scopes.filter((s) => s.teamId === t.id).map(({ id, kind, value, label }) => ({ id, kind, value, label })),
    members: members
      .filter((m) => m.teamId === t.id)
      .map(({ userId, email, name, source, disabledAt }) => ({
        userId,
        email,
        name,
        source,
        disabled: disabledAt !== null,
      })),
  }));
  return (
    <>
      <PageHeader
        title="Users & teams"
        description="Who signs in, with which role, and which accounts each team sees. Roles follow the identity provider's groups unless an admin sets one here; admins see every account, everyone else sees their teams' accounts."
      />
      <section aria-labelledby="users-heading" className="mb-10">
        <h2 id="users-heading" className="mb-3 text-lg font-semibold tracking-tight">
          Users <span className="text-sm font-normal text-slate-500">({users.length})</span>
        </h2>
        <UsersTable
          currentUserId={viewer.user.id}
          users={users.map((u) => ({
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            roleSource: u.roleSource,
            local: u.local,
            disabledAt: iso(u.disabledAt),
            lastLoginAt: iso(u.lastLoginAt),
            activeSessions: u.activeSessions,
            teams: u.teams,
          }))}
        />
      </section>
      <section aria-labelledby="teams-heading">
        <h2 id="teams-heading" className="mb-1 text-lg font-semibold tracking-tight">
          Teams <span className="text-sm font-normal text-slate-500">({teams.length})</span>
        </h2>
        <p className="mb-4 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
          A team sees the accounts its scopes match: an account, an organizational unit with everything below it, or an
          environment. Members come from an IdP group at sign-in, or are added here by hand.
        </p>
        <TeamsPanel
          teams={teamViews}
          users={users.map((u) => ({ id: u.id, email: u.email, name: u.name, disabled: u.disabledAt !== null }))}
          accounts={targets.accounts}
          ous={targets.ous}
        />
      </section>
    </>
  );
}
