"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, send } from "@/components/api";
import { teamsApi, type ScopeInput } from "@/lib/contracts/teams";
import { Button, Card, ErrorMessage, Field, Input, Pill, Select } from "@/components/ui";
import { environments, scopeKinds, type Environment, type RoleSource, type ScopeKind } from "@/lib/domain/vocabulary";

export type TeamView = {
  id: string;
  name: string;
  description: string | null;
  idpGroup: string | null;
  accountCount: number;
  scopes: { id: string; kind: ScopeKind; value: string; label: string | null }[];
  members: { userId: string; email: string; name: string | null; source: RoleSource; disabled: boolean }[];
};

type UserOption = { id: string; email: string; name: string | null; disabled: boolean };
type AccountOption = { id: string; name: string; environment: Environment };
type OuOption = { id: string; path: string };
type TeamFields = { name: string; description: string | null; idpGroup: string | null };

const kindLabel: Record<ScopeKind, string> = { account: "Account", ou: "OU", environment: "Environment" };

/** The scope chosen in the form; an environment must be one of ours. */
function toScope(kind: ScopeKind, value: string): ScopeInput | null {
  if (!value) return null;
  if (kind !== "environment") return { kind, value };
  const environment = environments.find((e) => e === value);
  return environment ? { kind, value: environment } : null;
}

function fieldErrors(error: Error | null): Record<string, string[] | undefined> {
  return error instanceof ApiError ? error.fields : {};
}

function TeamForm({
  initial,
  submitLabel,
  pendingLabel,
  onSubmit,
  onCancel,
  pending,
  error,
}: {
  initial?: TeamFields;
  submitLabel: string;
  pendingLabel: string;
  onSubmit: (fields: TeamFields) => void;
  onCancel?: () => void;
  pending: boolean;
  error: Error | null;
}) {
  const fields = fieldErrors(error);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (k: string) => String(form.get(k) ?? "").trim();
    onSubmit({ name: text("name"), description: text("description") || null, idpGroup: text("idpGroup") || null });
  }
  return (
    <form
      onSubmit={submit}
      className="grid gap-3 sm:grid-cols-[1fr_1.5fr_1fr_auto] sm:items-start"
      aria-label={submitLabel}
    >
      <Field label="Name" errors={fields.name?.map((e) => `Name ${e}.`)}>
        {(p) => (
          <Input
            {...p}
            name="name"
            required
            maxLength={80}
            defaultValue={initial?.name}
            className="w-full"
            placeholder="payments"
          />
        )}
      </Field>
      <Field label="Description (optional)" errors={fields.description?.map((e) => `Description ${e}.`)}>
        {(p) => (
          <Input
            {...p}
            name="description"
            maxLength={500}
            defaultValue={initial?.description ?? ""}
            className="w-full"
            placeholder="Card payments and ledger"
          />
        )}
      </Field>
      <Field label="IdP group (optional)" errors={fields.idpGroup?.map((e) => `IdP group ${e}.`)}>
        {(p) => (
          <Input
            {...p}
            name="idpGroup"
            maxLength={200}
            defaultValue={initial?.idpGroup ?? ""}
            className="w-full font-mono"
            placeholder="posture-payments"
          />
        )}
      </Field>
      <div className="flex gap-2 sm:mt-6">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>Cancel</Button>}
      </div>
      {error && Object.keys(fields).length === 0 && (
        <ErrorMessage className="sm:col-span-4">{error.message}</ErrorMessage>
      )}
    </form>
  );
}

function NewTeam({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const create = useMutation({
    mutationFn: (body: TeamFields) => send(teamsApi.create, { body }),
    onSuccess: () => {
      onOpenChange(false);
      router.refresh();
    },
  });
  if (!open) {
    return (
      <Button variant="primary" onClick={() => onOpenChange(true)}>
        New team
      </Button>
    );
  }
  return (
    <Card title="New team">
      <TeamForm
        submitLabel="Create team"
        pendingLabel="Creating…"
        pending={create.isPending}
        error={create.error}
        onSubmit={(fields) => create.mutate(fields)}
        onCancel={() => {
          create.reset();
          onOpenChange(false);
        }}
      />
      <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
        With an IdP group, users whose last sign-in reported that group join now; everyone else joins at their next
        sign-in.
      </p>
    </Card>
  );
}

function ScopeLabel({ scope }: { scope: TeamView["scopes"][number] }) {
  if (scope.kind === "environment") return <span>{scope.value}</span>;
  if (scope.label === null) {
    return (
      <span title="Not found in the organization: removed, or not discovered yet.">
        <span className="font-mono text-xs">{scope.value}</span> <Pill tone="warn">unknown</Pill>
      </span>
    );
  }
  return (
    <span>
      {scope.label} <span className="font-mono text-xs text-slate-500">{scope.value}</span>
    </span>
  );
}

function Scopes({ team, accounts, ous }: { team: TeamView; accounts: AccountOption[]; ous: OuOption[] }) {
  const router = useRouter();
  const [kind, setKind] = useState<ScopeKind>("account");
  const [value, setValue] = useState("");
  const add = useMutation({
    mutationFn: (body: ScopeInput) => send(teamsApi.addScope, { params: { id: team.id }, body }),
    onSuccess: () => {
      setValue("");
      router.refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (scopeId: string) => send(teamsApi.removeScope, { params: { id: team.id, scopeId } }),
    onSuccess: () => router.refresh(),
  });
  const have = new Set(team.scopes.filter((s) => s.kind === kind).map((s) => s.value));
  const options =
    kind === "account"
      ? accounts.filter((a) => !have.has(a.id)).map((a) => ({ value: a.id, label: `${a.name} (${a.id})` }))
      : kind === "ou"
        ? ous.filter((o) => !have.has(o.id)).map((o) => ({ value: o.id, label: o.path }))
        : environments.filter((e) => !have.has(e)).map((e) => ({ value: e, label: e }));
  const error = add.error ?? remove.error;

  return (
    <div>
      <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Scopes</h4>
      {team.scopes.length === 0 ? (
        <p className="mb-3 text-sm text-slate-500 dark:text-slate-400">
          No scopes: members see no accounts through this team.
        </p>
      ) : (
        <ul
          className="mb-3 divide-y divide-slate-100 text-sm dark:divide-slate-800"
          aria-label={`Scopes of ${team.name}`}
        >
          {team.scopes.map((s) => (
            <li key={s.id} className="flex items-center justify-between gap-3 py-1.5">
              <span>
                <span className="mr-2 inline-block w-24 text-xs text-slate-500">{kindLabel[s.kind]}</span>
                <ScopeLabel scope={s} />
              </span>
              <Button
                variant="link-danger"
                disabled={remove.isPending}
                onClick={() => remove.mutate(s.id)}
                aria-label={`Remove scope ${s.value} from ${team.name}`}
              >
                {remove.isPending && remove.variables === s.id ? "Removing…" : "Remove"}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="flex flex-wrap items-center gap-2"
        aria-label={`Add a scope to ${team.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          const scope = toScope(kind, value);
          if (scope) add.mutate(scope);
        }}
      >
        <Select
          aria-label="Scope kind"
          value={kind}
          onChange={(e) => {
            setKind(scopeKinds.find((k) => k === e.target.value) ?? "account");
            setValue("");
            add.reset();
          }}
        >
          <option value="account">Account</option>
          <option value="ou">OU (and below)</option>
          <option value="environment">Environment</option>
        </Select>
        <Select
          aria-label={`${kindLabel[kind]} to add`}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="min-w-48 max-w-full flex-1"
          disabled={options.length === 0}
        >
          <option value="">
            {options.length === 0
              ? `No ${kind === "ou" ? "OU" : kind} left to add`
              : `Choose ${kind === "ou" ? "an OU" : kind === "account" ? "an account" : "an environment"}…`}
          </option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
        <Button type="submit" disabled={!value || add.isPending}>
          {add.isPending ? "Adding…" : "Add scope"}
        </Button>
      </form>
      {error && <ErrorMessage className="mt-2">{error.message}</ErrorMessage>}
    </div>
  );
}

function Members({ team, users }: { team: TeamView; users: UserOption[] }) {
  const router = useRouter();
  const [userId, setUserId] = useState("");
  const add = useMutation({
    mutationFn: (userId: string) => send(teamsApi.addMember, { params: { id: team.id }, body: { userId } }),
    onSuccess: () => {
      setUserId("");
      router.refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (userId: string) => send(teamsApi.removeMember, { params: { id: team.id, userId } }),
    onSuccess: () => router.refresh(),
  });
  const memberIds = new Set(team.members.map((m) => m.userId));
  const candidates = users.filter((u) => !memberIds.has(u.id));
  const error = add.error ?? remove.error;

  return (
    <div>
      <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Members</h4>
      {team.members.length === 0 ? (
        <p className="mb-3 text-sm text-slate-500 dark:text-slate-400">
          No members yet{team.idpGroup ? `: members of ${team.idpGroup} join at their next sign-in` : ""}.
        </p>
      ) : (
        <ul
          className="mb-3 divide-y divide-slate-100 text-sm dark:divide-slate-800"
          aria-label={`Members of ${team.name}`}
        >
          {team.members.map((m) => (
            <li key={m.userId} className="flex items-center justify-between gap-3 py-1.5">
              <span className="min-w-0 truncate">
                {m.name ? `${m.name} ` : ""}
                <span className={m.name ? "text-xs text-slate-500" : ""}>{m.email}</span>{" "}
                {m.disabled && <Pill tone="bad">disabled</Pill>}
              </span>
              {m.source === "idp" ? (
                <span
                  title={`Member through the IdP group ${team.idpGroup ?? "(no longer set)"}: change the team's group, or the user's groups at the IdP.`}
                >
                  <Pill>IdP group</Pill>
                </span>
              ) : (
                <span className="flex items-center gap-3">
                  <Pill tone="neutral">added by hand</Pill>
                  <Button
                    variant="link-danger"
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(m.userId)}
                    aria-label={`Remove ${m.email} from ${team.name}`}
                  >
                    {remove.isPending && remove.variables === m.userId ? "Removing…" : "Remove"}
                  </Button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        className="flex flex-wrap items-center gap-2"
        aria-label={`Add a member to ${team.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (userId) add.mutate(userId);
        }}
      >
        <Select
          aria-label="User to add"
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          className="min-w-48 max-w-full flex-1"
          disabled={candidates.length === 0}
        >
          <option value="">{candidates.length === 0 ? "Every user is a member" : "Choose a user…"}</option>
          {candidates.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name ? `${u.name} <${u.email}>` : u.email}
              {u.disabled ? " (disabled)" : ""}
            </option>
          ))}
        </Select>
        <Button type="submit" disabled={!userId || add.isPending}>
          {add.isPending ? "Adding…" : "Add member"}
        </Button>
      </form>
      {error && <ErrorMessage className="mt-2">{error.message}</ErrorMessage>}
    </div>
  );
}

function TeamCard({
  team,
  users,
  accounts,
  ous,
}: {
  team: TeamView;
  users: UserOption[];
  accounts: AccountOption[];
  ous: OuOption[];
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const update = useMutation({
    mutationFn: (body: TeamFields) => send(teamsApi.update, { params: { id: team.id }, body }),
    onSuccess: () => {
      setEditing(false);
      router.refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => send(teamsApi.remove, { params: { id: team.id } }),
    onSuccess: () => router.refresh(),
  });

  return (
    <section
      data-testid="team"
      aria-label={`Team ${team.name}`}
      className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="border-b border-slate-100 px-5 py-4 dark:border-slate-800">
        {editing ? (
          <TeamForm
            initial={team}
            submitLabel="Save"
            pendingLabel="Saving…"
            pending={update.isPending}
            error={update.error}
            onSubmit={(fields) => update.mutate(fields)}
            onCancel={() => {
              update.reset();
              setEditing(false);
            }}
          />
        ) : (
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="min-w-0">
              <h3 className="flex flex-wrap items-center gap-2 text-base font-semibold">
                {team.name}
                <Pill tone={team.accountCount > 0 ? "good" : "warn"}>
                  {team.accountCount === 0
                    ? "covers no accounts"
                    : `covers ${team.accountCount} account${team.accountCount === 1 ? "" : "s"}`}
                </Pill>
              </h3>
              {team.description && (
                <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{team.description}</p>
              )}
              <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                {team.idpGroup ? (
                  <>
                    IdP group <code className="font-mono">{team.idpGroup}</code>: its members join at sign-in.
                  </>
                ) : (
                  "No IdP group: members are added by hand."
                )}
              </p>
            </div>
            <div className="flex gap-2">
              <Button size="sm" onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button
                variant="danger-outline"
                size="sm"
                disabled={remove.isPending}
                onClick={() => {
                  if (
                    window.confirm(
                      `Delete the team ${team.name}? Its ${team.members.length} member(s) lose the accounts it grants.`,
                    )
                  )
                    remove.mutate();
                }}
              >
                {remove.isPending ? "Deleting…" : "Delete"}
              </Button>
            </div>
          </div>
        )}
        {remove.error && (
          <ErrorMessage className="mt-2">
            {remove.error.message}{" "}
            <Button variant="link" onClick={() => remove.reset()}>
              Dismiss
            </Button>
          </ErrorMessage>
        )}
      </div>
      <div className="grid gap-6 px-5 py-4 lg:grid-cols-2">
        <Scopes team={team} accounts={accounts} ous={ous} />
        <Members team={team} users={users} />
      </div>
    </section>
  );
}

export function TeamsPanel({
  teams,
  users,
  accounts,
  ous,
}: {
  teams: TeamView[];
  users: UserOption[];
  accounts: AccountOption[];
  ous: OuOption[];
}) {
  const [creating, setCreating] = useState(false);
  return (
    <div className="space-y-4">
      {teams.length === 0 && !creating && (
        <div
          data-testid="empty-state"
          className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-8 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          <p className="font-medium">No teams yet</p>
          <p className="mt-1 max-w-2xl text-slate-600 dark:text-slate-400">
            Until a user belongs to a team, triagers and viewers see no accounts; admins see them all. Create a team,
            give it scopes (accounts, OUs or environments), then add members or an IdP group.
          </p>
          {accounts.length === 0 && (
            <p className="mt-2 max-w-2xl text-slate-600 dark:text-slate-400">
              No accounts are known yet: environments can be scoped now, accounts and OUs after the first collection.
            </p>
          )}
        </div>
      )}
      <NewTeam open={creating} onOpenChange={setCreating} />
      {teams.map((t) => (
        <TeamCard key={t.id} team={t} users={users} accounts={accounts} ous={ous} />
      ))}
    </div>
  );
}
