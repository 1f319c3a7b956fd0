import type { Check, OrgCheck } from "../../types";
import sgWorldOpenSsh from "./sg-world-open-ssh";

/** The network checks: one file each, its tests beside it. */
export const networkChecks: readonly (Check | OrgCheck)[] = [sgWorldOpenSsh];
