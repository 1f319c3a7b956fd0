import type { Check, OrgCheck } from "./types";
import { dataContainerChecks } from "./catalog/data-containers";
import { identityChecks } from "./catalog/identity";
import { networkChecks } from "./catalog/network";
import { storageLoggingChecks } from "./catalog/storage-logging";

/** Every check Posture runs. Adding a check: one file in its group's folder, listed in the group's index. */
export const allChecks: readonly (Check | OrgCheck)[] = [
  ...identityChecks,
  ...networkChecks,
  ...storageLoggingChecks,
  ...dataContainerChecks,
];

/** The checks evaluated per unit (account × region, or an account's global services). */
export const checks: readonly Check[] = allChecks.filter((c): c is Check => c.scope !== "organization");

/** The checks evaluated once per run over every account. */
export const orgChecks: readonly OrgCheck[] = allChecks.filter((c): c is OrgCheck => c.scope === "organization");
