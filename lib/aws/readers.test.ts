import { AccessAnalyzerClient, ListAnalyzersCommand } from "@aws-sdk/client-accessanalyzer";
import { AccountClient, GetAlternateContactCommand } from "@aws-sdk/client-account";
import { BudgetsClient, DescribeBudgetsCommand } from "@aws-sdk/client-budgets";
import { CloudTrailClient, DescribeTrailsCommand, ListTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from "@aws-sdk/client-config-service";
import { DescribeRepositoriesCommand, ECRClient, GetRegistryScanningConfigurationCommand } from "@aws-sdk/client-ecr";
import { ECSClient, ListTaskDefinitionsCommand } from "@aws-sdk/client-ecs";
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { GuardDutyClient, ListDetectorsCommand } from "@aws-sdk/client-guardduty";
import { KMSClient, ListKeysCommand } from "@aws-sdk/client-kms";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { DescribeHubCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import type { AccountClients, ClientClass } from "./factory";
import { INVENTORY_SCOPE } from "./inventory";
import { inventoryReaders } from "./readers";

const s3 = mockClient(S3Client);
const cloudtrail = mockClient(CloudTrailClient);
const budgets = mockClient(BudgetsClient);
const cloudwatch = mockClient(CloudWatchClient);
const config = mockClient(ConfigServiceClient);
const guardduty = mockClient(GuardDutyClient);
const securityhub = mockClient(SecurityHubClient);
const kms = mockClient(KMSClient);
const analyzer = mockClient(AccessAnalyzerClient);
const account = mockClient(AccountClient);
const ecs = mockClient(ECSClient);
const ecr = mockClient(ECRClient);
const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const mocks = [
  s3,
  cloudtrail,
  budgets,
  cloudwatch,
  config,
  guardduty,
  securityhub,
  kms,
  analyzer,
  account,
  ecs,
  ecr,
  elbv2,
];
afterEach(() => mocks.forEach((m) => m.reset()));

// The readers whose services this file mocks (the others have their own tests beside their service).
const MOCKED = new Set([
  "s3Buckets",
  "cloudTrails",
  "budgets",
  "billingAlarms",
  "configRecorders",
  "guardDutyDetectors",
  "securityHub",
  "kmsKeys",
  "accessAnalyzers",
  "accountAlternateContacts",
  "ecsTaskDefinitions",
  "ecrRepositories",
  "ecrRegistryScanning",
  "elbv2LoadBalancers",
]);
const mockedReaders = inventoryReaders.filter((r) => MOCKED.has(r.key));

describe("inventory readers", () => {
  it("read every inventory key exactly once, in the unit the inventory type puts it in", () => {
    const keys = inventoryReaders.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys)).toEqual(new Set(Object.keys(INVENTORY_SCOPE)));
    for (const r of inventoryReaders) expect(r.scope, r.key).toBe(INVENTORY_SCOPE[r.key]);
  });

  it("read global services from the home region (billing metrics from us-east-1) and regional ones from the unit's region", async () => {
    const asked: Record<string, string> = {};
    const clients = {
      client: <C>(Ctor: ClientClass<C>, region: string): C => {
        asked[Ctor.name] = region;
        return new (Ctor as unknown as new (cfg: object) => C)({
          region,
          credentials: { accessKeyId: "a", secretAccessKey: "b" },
        });
      },
    } as unknown as AccountClients;
    s3.on(ListBucketsCommand).resolves({ Buckets: [] });
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] }).on(ListTrailsCommand).resolves({ Trails: [] });
    budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [] });
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    config
      .on(DescribeConfigurationRecordersCommand)
      .resolves({})
      .on(DescribeConfigurationRecorderStatusCommand)
      .resolves({});
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    securityhub.on(DescribeHubCommand).resolves({ HubArn: "arn:hub" });
    kms.on(ListKeysCommand).resolves({ Keys: [] });
    analyzer.on(ListAnalyzersCommand).resolves({ analyzers: [] });
    account.on(GetAlternateContactCommand).resolves({});
    ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [] });
    ecr
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [] })
      .on(GetRegistryScanningConfigurationCommand)
      .resolves({});
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });
    const ctx = {
      clients,
      accountId: "111122223333",
      homeRegion: "eu-central-1",
      signal: new AbortController().signal,
    };
    expect(mockedReaders).toHaveLength(MOCKED.size);
    for (const r of mockedReaders) {
      await r.collect({ ...ctx, region: r.scope === "global" ? "global" : "ap-south-1" });
    }
    expect(asked).toEqual({
      S3Client: "eu-central-1",
      CloudTrailClient: "eu-central-1",
      BudgetsClient: "eu-central-1",
      CloudWatchClient: "us-east-1",
      ConfigServiceClient: "ap-south-1",
      GuardDutyClient: "ap-south-1",
      SecurityHubClient: "ap-south-1",
      KMSClient: "ap-south-1",
      AccessAnalyzerClient: "ap-south-1",
      AccountClient: "eu-central-1",
      ECSClient: "ap-south-1",
      ECRClient: "ap-south-1",
      ElasticLoadBalancingV2Client: "ap-south-1",
    });
    expect(
      mockedReaders
        .filter((r) => r.scope === "regional")
        .map((r) => r.key)
        .sort(),
    ).toEqual([
      "accessAnalyzers",
      "configRecorders",
      "ecrRegistryScanning",
      "ecrRepositories",
      "ecsTaskDefinitions",
      "elbv2LoadBalancers",
      "guardDutyDetectors",
      "kmsKeys",
      "securityHub",
    ]);
  });
});
