import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import {
  DescribeOrganizationCommand,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
  paginateListTagsForResource,
} from "@aws-sdk/client-organizations";
import { Limiter } from "@/lib/concurrency";
import type { OrgAccount, OrgAccountState, OrgSnapshot, OrgUnit } from "./types";

function toState(state?: string, status?: string): OrgAccountState {
  switch ((state ?? status ?? "ACTIVE").toUpperCase()) {
    case "SUSPENDED":
      return "suspended";
    case "PENDING_CLOSURE":
      return "pending_closure";
    case "CLOSED":
      return "closed";
    default:
      return "active";
  }
}

/** Every account of the organization; `onPage` sees each page as it arrives. */
export async function listOrgAccounts(
  client: OrganizationsClient,
  onPage?: (page: OrgAccount[]) => void,
): Promise<OrgAccount[]> {
  const accounts: OrgAccount[] = [];
  for await (const page of paginateListAccounts({ client }, {})) {
    const listed: OrgAccount[] = [];
    for (const a of page.Accounts ?? []) {
      if (!a.Id) continue;
      // `State` supersedes the deprecated `Status` (which has no CLOSED); read both.
      const state = (a as { State?: string }).State;
      listed.push({
        id: a.Id,
        name: a.Name ?? a.Id,
        email: a.Email,
        state: toState(state, a.Status),
        joinedAt: a.JoinedTimestamp,
      });
    }
    accounts.push(...listed);
    onPage?.(listed);
  }
  return accounts;
}

/** The OU tree from every root down, and which OU directly holds each account. */
export async function listOrgUnits(
  client: OrganizationsClient,
): Promise<{ units: OrgUnit[]; parentOf: Record<string, string> }> {
  const units: OrgUnit[] = [];
  const parentOf: Record<string, string> = {};
  const queue: OrgUnit[] = [];
  for await (const page of paginateListRoots({ client }, {})) {
    for (const r of page.Roots ?? []) {
      if (!r.Id) continue;
      const root = { id: r.Id, parentId: null, name: r.Name ?? "Root", path: r.Name ?? "Root" };
      units.push(root);
      queue.push(root);
    }
  }
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for await (const page of paginateListAccountsForParent({ client }, { ParentId: parent.id })) {
      for (const a of page.Accounts ?? []) if (a.Id) parentOf[a.Id] = parent.id;
    }
    for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parent.id })) {
      for (const ou of page.OrganizationalUnits ?? []) {
        if (!ou.Id) continue;
        const unit = {
          id: ou.Id,
          parentId: parent.id,
          name: ou.Name ?? ou.Id,
          path: `${parent.path}/${ou.Name ?? ou.Id}`,
        };
        units.push(unit);
        queue.push(unit);
      }
    }
  }
  return { units, parentOf };
}

export async function listAccountTags(client: OrganizationsClient, accountId: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListTagsForResource({ client }, { ResourceId: accountId })) {
    for (const t of page.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? "";
  }
  return tags;
}

/** ListTagsForResource calls discovery keeps in flight: few, as Organizations throttles its callers early. */
export const TAG_CONCURRENCY = 4;

/**
 * Everything discovery needs from Organizations; throws without Organizations access. The parts go side by
 * side, and the tags (one call per account, the longest part) are read as each page of the account list
 * arrives, `tagConcurrency` at once, rather than after the whole list.
 */
export async function describeOrg(
  client: OrganizationsClient,
  opts: { tagConcurrency?: number } = {},
): Promise<OrgSnapshot> {
  const limiter = new Limiter(Math.max(1, opts.tagConcurrency ?? TAG_CONCURRENCY));
  const tags: Record<string, Record<string, string>> = {};
  // Tag reads never reject: the first failure is kept (and no read starts after it), then thrown.
  let tagError: { err: unknown } | undefined;
  const tagReads: Promise<void>[] = [];
  const readTags = (accountId: string) =>
    limiter
      .run(async () => {
        if (!tagError) tags[accountId] = await listAccountTags(client, accountId);
      })
      .catch((err: unknown) => void (tagError ??= { err }));
  const listing = listOrgAccounts(client, (page) => tagReads.push(...page.map((a) => readTags(a.id))));
  const [org, accounts, tree] = await Promise.all([
    client.send(new DescribeOrganizationCommand({})),
    listing,
    listOrgUnits(client),
  ]).catch((err: unknown) => {
    // Discovery failed: no tag read starts after this (reads in flight end on their own).
    tagError ??= { err };
    throw err;
  });
  await Promise.all(tagReads);
  if (tagError) throw tagError.err;
  return {
    organizationId: org.Organization?.Id ?? "",
    managementAccountId: org.Organization?.MasterAccountId ?? "",
    accounts,
    units: tree.units,
    parentOf: tree.parentOf,
    tags,
  };
}
