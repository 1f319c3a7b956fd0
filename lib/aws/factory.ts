import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import { STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { StandardRetryStrategy } from "@smithy/util-retry";
import { clientConfig, countCalls, reuseSigners, sendsWithUnitSignal, type CallStats } from "./clients";
import type { SendPacer } from "./pacer";

/** Any SDK v3 client class; built with the collector's configuration. */
export type ClientClass<C> = new (config: never) => C;

export type AccountClients = {
  iam: () => IAMClient;
  s3control: () => S3ControlClient;
  ec2: (region: string) => EC2Client;
  /** Any other service's client for this account in `region` (the home region for global services), one per class and region. */
  client: <C>(Ctor: ClientClass<C>, region: string) => C;
};

export type UnitAccess = {
  credentials: AwsCredentialIdentityProvider;
  /** Every attempt of the unit's calls counts here. */
  stats: CallStats;
  /** The account's retry budget, and its send pacer for a service (by SDK service id), shared by all its units. */
  retry?: StandardRetryStrategy;
  pacer?: (serviceId: string) => SendPacer;
  /** The unit's deadline: every request is sent with it. */
  signal?: AbortSignal;
};

/** What the factory needs of the collector's settings. */
export type AwsClientSettings = {
  homeRegion: string;
  callTimeoutMs: number;
  maxAttempts: number;
  /** An AWS-compatible endpoint serving S3 Control, if one is configured. */
  s3ControlEndpoint?: string;
};

/** Where every AWS client of a collection comes from; tests and the benchmark pass their own. */
export type AwsFactory = {
  /** Clients acting as the hub identity (SDK default credential chain). */
  hubSts: () => STSClient;
  hubOrganizations: () => OrganizationsClient;
  /** Clients acting as an account's audit role for one unit. */
  account: (unit: UnitAccess) => AccountClients;
};

export function createAwsFactory(settings: AwsClientSettings, opts: { requestHandler?: unknown } = {}): AwsFactory {
  type Who = Partial<UnitAccess>;
  const make = <C>(Ctor: new (cfg: never) => C, region: string, who: Who = {}, extra: object = {}): C => {
    const cfg = clientConfig({
      region,
      credentials: who.credentials,
      callTimeoutMs: settings.callTimeoutMs,
      maxAttempts: settings.maxAttempts,
      retryStrategy: who.retry,
      requestHandler: opts.requestHandler,
      abortSignal: who.signal,
    });
    const built = new Ctor({ ...cfg, ...extra } as never);
    const pacer = who.pacer?.((built as { config?: { serviceId?: string } }).config?.serviceId ?? Ctor.name);
    const client = reuseSigners(countCalls(built, who.stats, pacer, who.signal));
    return who.signal ? sendsWithUnitSignal(client, who.signal) : client;
  };
  let sts: STSClient | undefined;
  let orgs: OrganizationsClient | undefined;
  return {
    hubSts: () => (sts ??= make(STSClient, settings.homeRegion)),
    // Organizations is served from us-east-1 (aws partition) whatever the hub's region.
    hubOrganizations: () => (orgs ??= make(OrganizationsClient, "us-east-1")),
    account: (who) => {
      const built = new Map<ClientClass<unknown>, Map<string, unknown>>();
      const client = <C>(Ctor: ClientClass<C>, region: string, extra: object = {}): C => {
        let byRegion = built.get(Ctor);
        if (!byRegion) built.set(Ctor, (byRegion = new Map()));
        let c = byRegion.get(region) as C | undefined;
        if (!c) byRegion.set(region, (c = make(Ctor, region, who, extra)));
        return c;
      };
      return {
        iam: () => client(IAMClient, settings.homeRegion),
        s3control: () => client(S3ControlClient, settings.homeRegion, s3ControlEndpoint(settings.s3ControlEndpoint)),
        ec2: (region) => client(EC2Client, region),
        client: (Ctor, region) => client(Ctor, region),
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
