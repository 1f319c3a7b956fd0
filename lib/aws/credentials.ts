import type { STSClient } from "@aws-sdk/client-sts";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { classifyAwsError } from "./errors";

export class AssumeRoleError extends Error {
  override name = "AssumeRoleError";
  constructor(
    readonly code: ReturnType<typeof classifyAwsError>["code"],
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export type AssumeRoleOptions = {
  sts: STSClient;
  roleArn: string;
  externalId?: string;
  sessionName: string;
  /** Role chaining caps sessions at one hour. */
  durationSeconds?: number;
  /** Renew this long before expiry, so no call is signed with credentials about to lapse. */
  renewBeforeMs?: number;
  now?: () => number;
};

export type RoleCredentials = AwsCredentialIdentityProvider & {
  /** How many times the role was assumed (first time plus renewals). */
  readonly assumeCount: () => number;
};

/**
 * Credentials for one account's audit role, held only in memory. Concurrent callers share one
 * in-flight AssumeRole; a session within renewBeforeMs of expiry is renewed before use.
 */
export function assumeAuditRole(opts: AssumeRoleOptions): RoleCredentials {
  const now = opts.now ?? Date.now;
  const renewBefore = opts.renewBeforeMs ?? 5 * 60_000;
  let current: AwsCredentialIdentity | undefined;
  let inFlight: Promise<AwsCredentialIdentity> | undefined;
  let count = 0;

  async function assume(): Promise<AwsCredentialIdentity> {
    try {
      const out = await opts.sts.send(
        new AssumeRoleCommand({
          RoleArn: opts.roleArn,
          RoleSessionName: opts.sessionName.slice(0, 64),
          ExternalId: opts.externalId,
          DurationSeconds: opts.durationSeconds ?? 3600,
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("AssumeRole returned no credentials");
      count += 1;
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration ? new Date(c.Expiration) : undefined,
      };
    } catch (err) {
      const classified = classifyAwsError(err, "assume-role");
      throw new AssumeRoleError(classified.code, `${opts.roleArn}: ${classified.message}`, classified.retryable);
    }
  }

  const provider = (async () => {
    const fresh = current && (!current.expiration || current.expiration.getTime() - now() > renewBefore);
    if (fresh) return current!;
    inFlight ??= assume().finally(() => {
      inFlight = undefined;
    });
    current = await inFlight;
    return current;
  }) as RoleCredentials;
  Object.defineProperty(provider, "assumeCount", { value: () => count });
  return provider;
}

export function roleArnFor(accountId: string, roleName: string, partition = "aws"): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}
