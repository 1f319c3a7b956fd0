import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from "@aws-sdk/client-config-service";
import { ECSClient, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { CreatePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCloudTrails } from "@/lib/aws/cloudtrail/cloudtrail";
import { listConfigRecorders } from "@/lib/aws/config/config";
import { listEcsTaskDefinitions } from "@/lib/aws/ecs/ecs";
import { getAuthorizationDetails } from "@/lib/aws/iam/iam";
import { listS3Buckets } from "@/lib/aws/s3/s3";
import cloudtrailMultiRegion from "@/lib/checks/cloudtrail/cloudtrail-not-multi-region";
import configRecorderOff from "@/lib/checks/config/config-recorder-off";
import ecsSecrets from "@/lib/checks/ecs/ecs-taskdef-secrets-in-env";
import { ctx } from "@/lib/checks/fixtures";
import escalation from "@/lib/checks/iam/iam-policy-privilege-escalation";
import httpAllowed from "@/lib/checks/s3/s3-bucket-http-allowed";
import { startOwnMoto } from "../moto-server";

// The five wrong passes of issue 22, built in moto through the real API and read by the real
// readers: each must fail, and its near miss must pass.

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
let moto: { url: string; stop: () => Promise<void> };
const conf = () => ({
  region: REGION,
  endpoint: moto.url,
  credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
});
const scope = <I extends object>(inventory: I, region = "global") => ({
  ...ctx(inventory, region),
  accountId: ACCOUNT,
});

beforeAll(async () => {
  moto = await startOwnMoto();
});
afterAll(async () => {
  await moto?.stop();
});

describe("issue 22 against moto", () => {
  it("fails escalation through user/* and role/* patterns, passes a self-service policy", async () => {
    const iam = new IAMClient(conf());
    const create = (name: string, statements: object[]) =>
      iam.send(
        new CreatePolicyCommand({
          PolicyName: name,
          PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
        }),
      );
    await create("reset-any-password", [
      { Effect: "Allow", Action: "iam:UpdateLoginProfile", Resource: "arn:aws:iam::*:user/*" },
    ]);
    await create("pass-any-role", [
      { Effect: "Allow", Action: "iam:Pass*", Resource: `arn:aws:iam::${ACCOUNT}:role/*` },
      { Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" },
    ]);
    await create("self-service", [
      { Effect: "Allow", Action: ["iam:CreateAccessKey"], Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` },
      {
        Effect: "Allow",
        Action: "iam:AttachRolePolicy",
        Resource: "*",
        Condition: { ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" } },
      },
    ]);
    const details = await getAuthorizationDetails(iam);
    const byName = new Map(
      escalation.evaluate(scope({ iamAuthorizationDetails: details })).map((r) => [r.resourceId.split("/").pop(), r]),
    );
    expect(byName.get("reset-any-password")).toMatchObject({
      status: "fail",
      evidence: { escalationActions: ["iam:UpdateLoginProfile"] },
    });
    expect(byName.get("pass-any-role")).toMatchObject({
      status: "fail",
      evidence: { escalationActions: ["iam:PassRole + ec2:RunInstances"] },
    });
    expect(byName.get("self-service")?.status).toBe("pass");
  });

  it("fails a Config recorder that records one resource type", async () => {
    const config = new ConfigServiceClient(conf());
    await new S3Client(conf()).send(new CreateBucketCommand({ Bucket: "config-history" }));
    await config.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name: "default",
          roleARN: `arn:aws:iam::${ACCOUNT}:role/config`,
          recordingGroup: {
            allSupported: false,
            includeGlobalResourceTypes: false,
            resourceTypes: ["AWS::S3::Bucket"],
          },
        },
      }),
    );
    await config.send(
      new PutDeliveryChannelCommand({ DeliveryChannel: { name: "default", s3BucketName: "config-history" } }),
    );
    await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }));
    const recorders = await listConfigRecorders(config);
    expect(recorders[0]).toMatchObject({ recording: true, allSupported: false });
    expect(configRecorderOff.evaluate(scope({ configRecorders: recorders }, REGION))[0]).toMatchObject({
      status: "fail",
      evidence: { reason: "recorder records only some resource types" },
    });
  });

  it("fails a multi-region trail with management events off, passes one with them on", async () => {
    const s3 = new S3Client(conf());
    await s3.send(new CreateBucketCommand({ Bucket: "trail-logs" }));
    const ct = new CloudTrailClient(conf());
    await ct.send(new CreateTrailCommand({ Name: "data-only", S3BucketName: "trail-logs", IsMultiRegionTrail: true }));
    await ct.send(new StartLoggingCommand({ Name: "data-only" }));
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: "data-only",
        EventSelectors: [
          {
            ReadWriteType: "All",
            IncludeManagementEvents: false,
            DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3"] }],
          },
        ],
      }),
    );
    let trails = await listCloudTrails(ct);
    expect(trails[0]?.eventSelectors?.basic[0]?.includeManagementEvents).toBe(false);
    expect(cloudtrailMultiRegion.evaluate(scope({ cloudTrails: trails }))[0]?.status).toBe("fail");

    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: "data-only",
        AdvancedEventSelectors: [
          { Name: "management", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] },
        ],
      }),
    );
    trails = await listCloudTrails(ct);
    expect(cloudtrailMultiRegion.evaluate(scope({ cloudTrails: trails }))[0]?.status).toBe("pass");
  });

  it("fails an HTTPS-only policy on the bucket ARN alone, passes one that covers bucket/*", async () => {
    const s3 = new S3Client(conf());
    const tlsOnly = (bucket: string, resources: string[]) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: resources,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      });
    for (const [bucket, objects] of [
      ["bucket-only", false],
      ["bucket-and-objects", true],
    ] as const) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      const arn = `arn:aws:s3:::${bucket}`;
      await s3.send(
        new PutBucketPolicyCommand({ Bucket: bucket, Policy: tlsOnly(bucket, objects ? [arn, `${arn}/*`] : [arn]) }),
      );
    }
    const buckets = (await listS3Buckets(() => s3, REGION)).filter((b) => b.name.startsWith("bucket-"));
    const status = Object.fromEntries(
      httpAllowed.evaluate(scope({ s3Buckets: buckets })).map((r) => [r.resourceId, r.status]),
    );
    expect(status).toEqual({ "arn:aws:s3:::bucket-only": "fail", "arn:aws:s3:::bucket-and-objects": "pass" });
  });

  it("fails an older ACTIVE task-definition revision that keeps a plain-text secret", async () => {
    const ecs = new ECSClient(conf());
    const register = (environment: { name: string; value: string }[]) =>
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: "payments-api",
          containerDefinitions: [{ name: "api", image: "api:1", memory: 256, environment }],
        }),
      );
    await register([{ name: "DB_PASSWORD", value: "not-a-real-password" }]);
    await register([{ name: "LOG_LEVEL", value: "info" }]);
    const defs = await listEcsTaskDefinitions(ecs);
    const results = ecsSecrets.evaluate(scope({ ecsTaskDefinitions: defs }, REGION));
    expect(results.map((r) => [r.resourceId.split(":").pop(), r.status]).sort()).toEqual([
      ["1", "fail"],
      ["2", "pass"],
    ]);
  });
});
