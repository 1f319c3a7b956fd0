// "What changed" between two dates: how a finding's status at the start and at the end of the window
// reads, and which checks stand for inventory changes that matter (a new admin, a public bucket…).

export const changeKinds = ["new", "resolved", "reopened", "suppressed"] as const;
export type ChangeKind = (typeof changeKinds)[number];

export const changeKindLabels: Record<ChangeKind, string> = {
  new: "New",
  resolved: "Resolved",
  reopened: "Reopened",
  suppressed: "Suppressed",
};

/** Inventory changes that matter, each seen through the posture checks and activity rules that report it. */
export const changeCategories = [
  {
    key: "identities",
    label: "New IAM users and access keys",
    checks: ["iam_credentials_created", "iam_user_multiple_active_keys", "iam_root_access_key_present"],
  },
  {
    key: "admin",
    label: "Admin grants",
    checks: ["iam_admin_policy_attached", "iam_user_has_admin_policy", "iam_policy_full_admin_star"],
  },
  {
    key: "public-buckets",
    label: "Buckets made public",
    checks: ["s3_bucket_made_public", "s3_bucket_public", "s3_account_block_public_access_off"],
  },
  {
    key: "world-open",
    label: "Opened to the world",
    checks: [
      "ec2_security_group_opened_to_world",
      "sg_world_open_all_ports",
      "sg_world_open_ssh",
      "sg_world_open_rdp",
      "sg_world_open_db_ports",
      "sg_world_open_cifs",
      "nacl_world_open_admin_ports",
    ],
  },
  {
    key: "regions",
    label: "Regions newly used",
    checks: ["activity_in_unused_region", "ec2_instances_in_unused_regions"],
  },
] as const satisfies readonly { key: string; label: string; checks: readonly string[] }[];
export type ChangeCategory = (typeof changeCategories)[number]["key"];

const categoryByCheck = new Map<string, ChangeCategory>(
  changeCategories.flatMap((c) => c.checks.map((check) => [check, c.key] as const)),
);

export function categoryOf(checkId: string): ChangeCategory | null {
  return categoryByCheck.get(checkId) ?? null;
}

export const categoryChecks: readonly string[] = [...categoryByCheck.keys()];
