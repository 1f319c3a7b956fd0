import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from "@aws-sdk/client-config-service";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { listConfigRecorders } from "./config";

const cfgMock = mockClient(ConfigServiceClient);
afterEach(() => cfgMock.reset());

const client = () =>
  new ConfigServiceClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });

describe("listConfigRecorders", () => {
  it("joins recorders with their status and ignores service-linked recorders", async () => {
    cfgMock.on(DescribeConfigurationRecordersCommand).resolves({
      ConfigurationRecorders: [
        {
          name: "default",
          roleARN: "arn:aws:iam::111122223333:role/config",
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: false },
        },
        { name: "AWSConfigurationRecorderForSomething", servicePrincipal: "something.amazonaws.com" },
      ],
    });
    cfgMock
      .on(DescribeConfigurationRecorderStatusCommand)
      .resolves({ ConfigurationRecordersStatus: [{ name: "default", recording: false, lastStatus: "Failure" }] });
    expect(await listConfigRecorders(client())).toEqual([
      {
        name: "default",
        roleArn: "arn:aws:iam::111122223333:role/config",
        allSupported: true,
        includeGlobalResourceTypes: false,
        resourceTypes: [],
        excludedResourceTypes: [],
        recording: false,
        lastStatus: "Failure",
      },
    ]);
  });

  it("keeps what a partial recorder records or excludes", async () => {
    cfgMock.on(DescribeConfigurationRecordersCommand).resolves({
      ConfigurationRecorders: [
        {
          name: "default",
          recordingGroup: {
            allSupported: false,
            includeGlobalResourceTypes: false,
            resourceTypes: ["AWS::EC2::Instance"],
            exclusionByResourceTypes: { resourceTypes: [] },
            recordingStrategy: { useOnly: "INCLUSION_BY_RESOURCE_TYPES" },
          },
        },
      ],
    });
    cfgMock
      .on(DescribeConfigurationRecorderStatusCommand)
      .resolves({ ConfigurationRecordersStatus: [{ name: "default", recording: true, lastStatus: "Success" }] });
    expect(await listConfigRecorders(client())).toMatchObject([
      { allSupported: false, strategy: "INCLUSION_BY_RESOURCE_TYPES", resourceTypes: ["AWS::EC2::Instance"] },
    ]);
  });
  it("returns a region without a recorder as an empty list", async () => {
    cfgMock.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
    cfgMock.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
    expect(await listConfigRecorders(client())).toEqual([]);
  });

  it("lets AccessDenied propagate", async () => {
    cfgMock
      .on(DescribeConfigurationRecordersCommand)
      .rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    cfgMock.on(DescribeConfigurationRecorderStatusCommand).resolves({});
    await expect(listConfigRecorders(client())).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});
