import type { Check, OrgCheck } from "../../types";

/** The data-containers checks: one file each, its tests beside it. */
export const dataContainerChecks: readonly (Check | OrgCheck)[] = [];
