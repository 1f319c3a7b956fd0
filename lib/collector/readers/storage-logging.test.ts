import { BudgetsClient, DescribeBudgetsCommand } from "@aws-sdk/client-budgets";
import { CloudTrailClient, DescribeTrailsCommand, ListTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from "@aws-sdk/client-config-service";
import { GuardDutyClient, ListDetectorsCommand } from "@aws-sdk/client-guardduty";
import { KMSClient, ListKeysCommand } from "@aws-sdk/client-kms";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { DescribeHubCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import type { AccountClients, ClientClass } from "@/lib/aws/factory";
import { storageLoggingReaders } from "./storage-logging";
import { storageLoggingChecks } from "@/lib/checks/catalog/storage-logging";

const s3 = mockClient(S3Client);
const cloudtrail = mockClient(CloudTrailClient);
const budgets = mockClient(BudgetsClient);
const cloudwatch = mockClient(CloudWatchClient);
const config = mockClient(ConfigServiceClient);
const guardduty = mockClient(GuardDutyClient);
const securityhub = mockClient(SecurityHubClient);
const kms = mockClient(KMSClient);
afterEach(() => [s3, cloudtrail, budgets, cloudwatch, config, guardduty, securityhub, kms].forEach((m) => m.reset()));

describe("storage-logging readers", () => {
  it("have one reader per key covering every key the group's checks require", () => {
    const keys = storageLoggingReaders.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of storageLoggingChecks.flatMap((c) => c.requires)) expect(keys).toContain(key);
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
    const ctx = {
      clients,
      accountId: "111122223333",
      homeRegion: "eu-central-1",
      signal: new AbortController().signal,
    };
    for (const r of storageLoggingReaders.filter((r) => r.key !== "s3AccountPublicAccessBlock")) {
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
    });
    expect(
      storageLoggingReaders
        .filter((r) => r.scope === "regional")
        .map((r) => r.key)
        .sort(),
    ).toEqual(["configRecorders", "guardDutyDetectors", "kmsKeys", "securityHub"]);
  });
});
