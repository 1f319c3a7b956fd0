// What Organizations discovery returns: the organization, its accounts, OU tree and tags.

export type OrgAccountState = "active" | "suspended" | "pending_closure" | "closed";

export type OrgAccount = {
  id: string;
  name: string;
  email?: string;
  state: OrgAccountState;
  joinedAt?: Date;
};

export type OrgUnit = { id: string; parentId: string | null; name: string; path: string };

export type OrgSnapshot = {
  organizationId: string;
  managementAccountId: string;
  accounts: OrgAccount[];
  units: OrgUnit[];
  /** Account id → id of the OU (or root) directly holding it. */
  parentOf: Record<string, string>;
  tags: Record<string, Record<string, string>>;
};
