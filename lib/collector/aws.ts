import "server-only";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import { STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { AdaptiveRetryStrategy } from "@smithy/util-retry";
import { clientConfig, countCalls, type CallStats } from "@/lib/aws/clients";
import type { CollectorSettings } from "./settings";

export type AccountClients = {
  iam: () => IAMClient;
  s3control: () => S3ControlClient;
  ec2: (region: string) => EC2Client;
};

/** Where every AWS client of a collection comes from; tests and the benchmark pass their own. */
export type AwsFactory = {
  /** Clients acting as the hub identity (SDK default credential chain). */
  hubSts: () => STSClient;
  hubOrganizations: () => OrganizationsClient;
  /** Clients acting as an account's audit role; every call counts into `stats` and is paced by `retry`. */
  account: (credentials: AwsCredentialIdentityProvider, stats: CallStats, retry?: AdaptiveRetryStrategy) => AccountClients;
};

export function createAwsFactory(settings: CollectorSettings, opts: { requestHandler?: unknown } = {}): AwsFactory {
  type Who = { credentials?: AwsCredentialIdentityProvider; stats?: CallStats; retry?: AdaptiveRetryStrategy };
  const make = <C>(Ctor: new (cfg: never) => C, region: string, who: Who = {}, extra: object = {}): C => {
    const cfg = clientConfig({
      region,
      credentials: who.credentials,
      callTimeoutMs: settings.callTimeoutMs,
      maxAttempts: settings.maxAttempts,
      retryStrategy: who.retry,
      requestHandler: opts.requestHandler,
    });
    return countCalls(new Ctor({ ...cfg, ...extra } as never), who.stats);
  };
  let sts: STSClient | undefined;
  let orgs: OrganizationsClient | undefined;
  return {
    hubSts: () => (sts ??= make(STSClient, settings.homeRegion)),
    // Organizations is served from us-east-1 (aws partition) whatever the hub's region.
    hubOrganizations: () => (orgs ??= make(OrganizationsClient, "us-east-1")),
    account: (credentials, stats, retry) => {
      const who = { credentials, stats, retry };
      const ec2 = new Map<string, EC2Client>();
      let iam: IAMClient | undefined;
      let s3control: S3ControlClient | undefined;
      return {
        iam: () => (iam ??= make(IAMClient, settings.homeRegion, who)),
        s3control: () => (s3control ??= make(S3ControlClient, settings.homeRegion, who, s3ControlEndpoint(settings.s3ControlEndpoint))),
        ec2: (region) => {
          let c = ec2.get(region);
          if (!c) ec2.set(region, (c = make(EC2Client, region, who)));
          return c;
        },
      };
    },
  };
}

/**
 * S3 Control's endpoint rules put the account id in the host name (`<id>.s3-control.…`). Against a
 * custom endpoint (an emulator on 127.0.0.1) that makes an invalid host; the account id also travels
 * in the x-amz-account-id header, so the configured endpoint is used as it is. Real AWS is left alone.
 */
function s3ControlEndpoint(url: string | undefined) {
  return url ? { endpointProvider: () => ({ url: new URL(url) }) } : {};
}
