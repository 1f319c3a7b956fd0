import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { STSClient } from "@aws-sdk/client-sts";
import type { HttpHandler } from "@smithy/protocol-http";
import { clientConfig } from "@/lib/aws/clients";
import { createAwsFactory, type AwsFactory } from "@/lib/aws/factory";
import type { CollectorSettings } from "@/lib/collector/settings";

/** The hub identity the simulated AWS sees; any key that is not an assumed role's. */
export const HUB_CREDENTIALS = { accessKeyId: "AKIABENCHHUB00000000", secretAccessKey: "bench-hub-secret" };

/**
 * The engine's own factory with the simulator as every client's HTTP layer. Hub clients get static
 * credentials instead of the SDK's default chain, which could end at the EC2 metadata endpoint
 * (a socket to 169.254.169.254): the benchmark must open no socket.
 */
export function benchAwsFactory(settings: CollectorSettings, handler: HttpHandler): AwsFactory {
  const engine = createAwsFactory(settings, { requestHandler: handler });
  const hubConfig = (region: string) =>
    clientConfig({
      region,
      credentials: async () => HUB_CREDENTIALS,
      callTimeoutMs: settings.callTimeoutMs,
      maxAttempts: settings.maxAttempts,
      requestHandler: handler,
    });
  let sts: STSClient | undefined;
  let orgs: OrganizationsClient | undefined;
  return {
    hubSts: () => (sts ??= new STSClient(hubConfig(settings.homeRegion) as never)),
    hubOrganizations: () => (orgs ??= new OrganizationsClient(hubConfig("us-east-1") as never)),
    account: engine.account,
  };
}
