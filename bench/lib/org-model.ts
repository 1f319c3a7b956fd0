import type { InventoryKey } from "@/lib/aws/inventory";

/**
 * The simulated organization: accounts, OUs, enabled regions and what each account holds. Pure data,
 * derived deterministically from the sizes, so the expected results can be computed up front.
 */

/** The inventory the simulated AWS serves (IAM GetAccountSummary, S3 Control GetPublicAccessBlock, EC2 DescribeSecurityGroups). */
export const SIMULATED_INVENTORY: ReadonlySet<InventoryKey> = new Set<InventoryKey>([
  "iamAccountSummary",
  "s3AccountPublicAccessBlock",
  "securityGroups",
]);

/**
 * The checks whose findings the organization is built to produce (see expectedFindings): root MFA
 * off and no S3 Block Public Access in some accounts, SSH open to the world in some regions, and
 * nothing else (no root keys; no RDP, database or all-port exposure).
 */
export const MODELLED_CHECKS = [
  "iam_root_mfa_disabled",
  "iam_root_access_key_present",
  "s3_account_block_public_access_off",
  "sg_world_open_ssh",
  "sg_world_open_rdp",
  "sg_world_open_db_ports",
  "sg_world_open_all_ports",
];

/** The 17 regions AWS enables by default (no opt-in), in the order `--regions N` takes them. */
export const DEFAULT_REGIONS = [
  "us-east-1",
  "eu-west-1",
  "us-west-2",
  "eu-central-1",
  "ap-northeast-1",
  "us-east-2",
  "ap-southeast-1",
  "eu-west-2",
  "ap-southeast-2",
  "ca-central-1",
  "ap-south-1",
  "eu-north-1",
  "us-west-1",
  "eu-west-3",
  "ap-northeast-2",
  "sa-east-1",
  "ap-northeast-3",
] as const;

/** Opt-in regions DescribeRegions(AllRegions) also lists, as not opted in: the engine must leave them out. */
export const OPT_IN_REGIONS = ["af-south-1", "ap-east-1", "me-south-1", "eu-south-1", "ap-southeast-3"] as const;

export const ENVIRONMENTS = ["prod", "staging", "dev"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export type SimAccount = {
  index: number;
  id: string;
  name: string;
  email: string;
  environment: Environment;
  ouId: string;
  /** Root MFA on? Off in every 7th account (a global finding). */
  mfa: boolean;
  /** Account-level S3 Block Public Access configured? Missing in every 9th account (a global finding). */
  publicAccessBlock: boolean;
};

export type SimOu = { id: string; name: string; accountIds: string[] };

export type OrgShape = {
  accounts: number;
  regions: number;
  /** DescribeSecurityGroups pages per region (one call each). */
  pages: number;
  groupsPerPage: number;
};

export type OrgModel = OrgShape & {
  organizationId: string;
  managementAccountId: string;
  rootId: string;
  accountList: SimAccount[];
  byId: Map<string, SimAccount>;
  ous: SimOu[];
  enabledRegions: string[];
  /** Page of DescribeSecurityGroups that holds a group with SSH open to the world, per region (if any). */
  openSshPage: Map<string, number>;
};

export function buildOrg(shape: OrgShape): OrgModel {
  if (shape.regions < 1 || shape.regions > DEFAULT_REGIONS.length)
    throw new RangeError(`regions must be 1–${DEFAULT_REGIONS.length}`);
  if (shape.accounts < 1 || shape.accounts > 9_999) throw new RangeError("accounts must be 1–9999");
  const ous: SimOu[] = ENVIRONMENTS.map((env) => ({
    id: `ou-bnch-${env}`,
    name: env[0]!.toUpperCase() + env.slice(1),
    accountIds: [],
  }));
  const accountList: SimAccount[] = Array.from({ length: shape.accounts }, (_, index) => {
    const environment = ENVIRONMENTS[index % ENVIRONMENTS.length]!;
    const id = String(300_000_000_000 + index);
    const ou = ous[index % ous.length]!;
    ou.accountIds.push(id);
    return {
      index,
      id,
      name: `acct-${String(index).padStart(3, "0")}-${environment}`,
      email: `aws+${String(index).padStart(3, "0")}@bench.example`,
      environment,
      ouId: ou.id,
      mfa: index % 7 !== 3,
      publicAccessBlock: index % 9 !== 4,
    };
  });
  const enabledRegions = DEFAULT_REGIONS.slice(0, shape.regions);
  // A world-open SSH group in every 5th region (index 0, 5, 10, 15), on a page in the middle.
  const openSshPage = new Map(
    enabledRegions.flatMap((r, i) => (i % 5 === 0 ? [[r, Math.floor(shape.pages / 2)] as const] : [])),
  );
  return {
    ...shape,
    organizationId: "o-bench000001",
    managementAccountId: accountList[0]!.id,
    rootId: "r-bnch",
    accountList,
    byId: new Map(accountList.map((a) => [a.id, a])),
    ous,
    enabledRegions,
    openSshPage,
  };
}

/** Findings a fully successful collection writes for one unit ("global" or a region). */
export function expectedFindings(org: OrgModel, account: SimAccount, unit: string): number {
  if (unit === "global") return (account.mfa ? 0 : 1) + (account.publicAccessBlock ? 0 : 1);
  return org.openSshPage.has(unit) ? 1 : 0;
}
