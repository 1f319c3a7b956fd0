"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { send } from "@/components/api";
import { usersApi } from "@/lib/contracts/users";
import { Button, ErrorMessage, Pill, Select, Table, Thead, formatDateTime, td } from "@/components/ui";
import { roles, type Role, type RoleSource } from "@/lib/domain/vocabulary";

export type UserView = {
  id: string;
  email: string;
  name: string | null;
  role: Role | null;
  roleSource: RoleSource | null;
  local: boolean;
  disabledAt: string | null;
  lastLoginAt: string | null;
  activeSessions: number;
  teams: { teamId: string; name: string; source: RoleSource }[];
};

const roleOptions: { value: Role | ""; label: string }[] = [
  { value: "admin", label: "Admin" },
  { value: "triager", label: "Triager" },
  { value: "viewer", label: "Viewer" },
  { value: "", label: "No role" },
];

const sourceLabel: Record<RoleSource, string> = {
  idp: "from IdP groups",
  manual: "set by an admin",
  bootstrap: "first admin",
};

type Change = { role: Role | null } | { disabled: boolean } | { followIdp: true };

function UserRow({ user, isSelf }: { user: UserView; isSelf: boolean }) {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (body: Change) => send(usersApi.update, { params: { id: user.id }, body }),
    onSuccess: (data) => {
      setNotice(
        "revokedSessions" in data && data.disabled ? `Disabled; ${data.revokedSessions} session(s) signed out.` : null,
      );
      router.refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: () => send(usersApi.revokeSessions, { params: { id: user.id } }),
    onSuccess: (data) => {
      setNotice(`${data.revoked} session(s) signed out.`);
      router.refresh();
    },
  });
  const pending = change.isPending || revoke.isPending;
  const error = change.error ?? revoke.error;
  const disabled = user.disabledAt !== null;
  // While a role change is in flight, show the role asked for.
  const shownRole =
    change.isPending && change.variables && "role" in change.variables ? change.variables.role : user.role;
  const noTeam = user.role !== null && user.role !== "admin" && user.teams.length === 0;

  return (
    <>
      <tr
        data-testid="user-row"
        data-email={user.email}
        className={disabled ? "bg-slate-50 dark:bg-slate-950" : undefined}
      >
        <td className={td}>
          <div className={`font-medium ${disabled ? "text-slate-500" : ""}`}>{user.name ?? user.email}</div>
          {user.name && <div className="text-xs text-slate-500">{user.email}</div>}
          <div className="mt-1 flex flex-wrap gap-1">
            {isSelf && <Pill tone="good">you</Pill>}
            {user.local && <Pill>local password</Pill>}
            {disabled && (
              <span title={`Disabled ${formatDateTime(new Date(user.disabledAt!))}`}>
                <Pill tone="bad">disabled</Pill>
              </span>
            )}
          </div>
        </td>
        <td className={td}>
          <label className="sr-only" htmlFor={`role-${user.id}`}>
            Role of {user.email}
          </label>
          <Select
            id={`role-${user.id}`}
            value={shownRole ?? ""}
            disabled={pending || isSelf}
            title={isSelf ? "Your own role can only be changed by another admin." : undefined}
            onChange={(e) => change.mutate({ role: roles.find((r) => r === e.target.value) ?? null })}
          >
            {roleOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
          <div className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            {user.roleSource ? sourceLabel[user.roleSource] : "no role granted yet"}
            {user.roleSource === "manual" && (
              <div>
                <Button
                  variant="link"
                  size="xs"
                  disabled={pending}
                  onClick={() => change.mutate({ followIdp: true })}
                  title="The role stays as it is until the next sign-in, which sets it from the user's IdP groups."
                >
                  Follow IdP groups again
                </Button>
              </div>
            )}
          </div>
        </td>
        <td className="px-4 py-2.5 align-top">
          {user.teams.length > 0 ? (
            <ul className="flex max-w-[16rem] flex-wrap gap-1 whitespace-nowrap">
              {user.teams.map((t) => (
                <li key={t.teamId}>
                  <Pill>
                    {t.name}
                    {t.source === "idp" && (
                      <span className="ml-1 text-slate-500" title="Member through the team's IdP group">
                        · IdP
                      </span>
                    )}
                  </Pill>
                </li>
              ))}
            </ul>
          ) : noTeam ? (
            <span title="Without a team, this user sees no accounts." className="whitespace-nowrap">
              <Pill tone="warn">no team, no accounts</Pill>
            </span>
          ) : (
            <span className="text-slate-400">—</span>
          )}
        </td>
        <td className={td}>
          {user.lastLoginAt ? (
            formatDateTime(new Date(user.lastLoginAt))
          ) : (
            <span className="text-slate-500">never</span>
          )}
        </td>
        <td className={`${td} tabular-nums`}>{user.activeSessions}</td>
        <td className={`${td} text-right`}>
          <div className="ml-auto grid w-44 gap-1.5">
            <Button
              size="sm"
              disabled={pending || user.activeSessions === 0}
              onClick={() => {
                const what = isSelf ? "all your other sessions" : `every session of ${user.email}`;
                if (window.confirm(`Sign out ${what}?`)) revoke.mutate();
              }}
            >
              {revoke.isPending ? "Signing out…" : "Sign out everywhere"}
            </Button>
            {disabled ? (
              <Button size="sm" disabled={pending} onClick={() => change.mutate({ disabled: false })}>
                {change.isPending ? "Enabling…" : "Enable"}
              </Button>
            ) : (
              <Button
                variant="danger-outline"
                size="sm"
                disabled={pending || isSelf}
                title={isSelf ? "You cannot disable yourself." : "Disabling also signs the user out everywhere."}
                onClick={() => {
                  if (
                    window.confirm(
                      `Disable ${user.email}? They are signed out everywhere and cannot sign in until enabled again.`,
                    )
                  )
                    change.mutate({ disabled: true });
                }}
              >
                {change.isPending && change.variables && "disabled" in change.variables ? "Disabling…" : "Disable"}
              </Button>
            )}
          </div>
        </td>
      </tr>
      {(error || notice) && (
        <tr>
          <td colSpan={6} className="px-4 pb-3 pt-0 text-right">
            {error ? (
              <ErrorMessage>
                {error.message}{" "}
                <Button variant="link" onClick={() => (change.reset(), revoke.reset())}>
                  Dismiss
                </Button>
              </ErrorMessage>
            ) : (
              <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
                {notice}
              </p>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

export function UsersTable({ users, currentUserId }: { users: UserView[]; currentUserId: string }) {
  return (
    <>
      <Table caption="Users">
        <Thead
          columns={[
            "User",
            "Role",
            "Teams",
            "Last sign-in",
            "Sessions",
            <span key="actions" className="sr-only">
              Actions
            </span>,
          ]}
        />
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {users.map((u) => (
            <UserRow key={u.id} user={u} isSelf={u.id === currentUserId} />
          ))}
        </tbody>
      </Table>
      {users.length <= 1 && (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
          Other people appear here after their first sign-in through your identity provider (docs/sso.md); their role
          comes from the IdP group mapping, or set it here.
        </p>
      )}
    </>
  );
}
