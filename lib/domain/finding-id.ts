import { createHash } from "node:crypto";

export type FindingIdentity = { checkId: string; accountId: string; region: string; resourceId: string };

/**
 * A finding's stable identity: the same check on the same resource is the same finding in every run.
 * JSON-encoding the parts keeps ("a|b","c") and ("a","b|c") apart.
 */
export function findingId(f: FindingIdentity): string {
  return createHash("sha256")
    .update(JSON.stringify([f.checkId, f.accountId, f.region, f.resourceId]))
    .digest("hex");
}
