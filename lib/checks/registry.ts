import type { Check } from "./types";
import iamRootAccessKeyPresent from "./catalog/iam-root-access-key-present";
import iamRootMfaDisabled from "./catalog/iam-root-mfa-disabled";
import s3AccountBlockPublicAccessOff from "./catalog/s3-account-block-public-access-off";
import sgWorldOpenSsh from "./catalog/sg-world-open-ssh";

/** Every check Posture runs. Adding a check: one file under catalog/, one line here, its tests beside it. */
export const checks: readonly Check[] = [iamRootAccessKeyPresent, iamRootMfaDisabled, s3AccountBlockPublicAccessOff, sgWorldOpenSsh];

export function checksFor(scope: "global" | "regional"): Check[] {
  return checks.filter((c) => c.scope === scope);
}
