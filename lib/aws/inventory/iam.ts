import { GetAccountSummaryCommand, type IAMClient } from "@aws-sdk/client-iam";
import type { IamAccountSummary } from "../types";

export async function getIamAccountSummary(iam: IAMClient, signal?: AbortSignal): Promise<IamAccountSummary> {
  const out = await iam.send(new GetAccountSummaryCommand({}), { abortSignal: signal });
  const raw = Object.fromEntries(Object.entries(out.SummaryMap ?? {}).map(([k, v]) => [k, Number(v)]));
  return {
    accountMfaEnabled: raw.AccountMFAEnabled === 1,
    accountAccessKeysPresent: (raw.AccountAccessKeysPresent ?? 0) > 0,
    users: raw.Users ?? 0,
    raw,
  };
}
