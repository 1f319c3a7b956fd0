import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
} from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listCloudTrails } from "./cloudtrail";

const ctMock = mockClient(CloudTrailClient);
afterEach(() => ctMock.reset());
const DEFAULT_SELECTORS = {
  EventSelectors: [{ ReadWriteType: "All" as const, IncludeManagementEvents: true, DataResources: [] }],
};
beforeEach(() => {
  ctMock.on(ListTrailsCommand).resolves({ Trails: [] });
  ctMock.on(GetEventSelectorsCommand).resolves(DEFAULT_SELECTORS);
});
const defaultSelectors = {
  basic: [
    { readWriteType: "All", includeManagementEvents: true, excludeManagementEventSources: [], dataResources: [] },
  ],
  advanced: [],
};

const client = () =>
  new CloudTrailClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const err = (name: string, status = 400) =>
  Object.assign(new Error(name), { name, $fault: "client", $metadata: { httpStatusCode: status } });
const OWN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main";
const ORG = "arn:aws:cloudtrail:eu-west-1:999988887777:trail/org";

describe("listCloudTrails", () => {
  it("maps own and organization (shadow) trails with their status, asked by ARN", async () => {
    ctMock.on(DescribeTrailsCommand, { includeShadowTrails: true }).resolves({
      trailList: [
        {
          Name: "main",
          TrailARN: OWN,
          HomeRegion: "us-east-1",
          IsMultiRegionTrail: true,
          S3BucketName: "logs",
          LogFileValidationEnabled: true,
          KmsKeyId: "k1",
        },
        {
          Name: "org",
          TrailARN: ORG,
          HomeRegion: "eu-west-1",
          IsMultiRegionTrail: true,
          IsOrganizationTrail: true,
          S3BucketName: "archive",
        },
        { Name: "org", TrailARN: ORG, HomeRegion: "eu-west-1" },
      ],
    });
    ctMock.on(GetTrailStatusCommand, { Name: OWN }).resolves({ IsLogging: true });
    ctMock.on(GetTrailStatusCommand, { Name: ORG }).resolves({ IsLogging: false });
    expect(await listCloudTrails(client())).toEqual([
      {
        name: "main",
        arn: OWN,
        ownerAccountId: "111122223333",
        homeRegion: "us-east-1",
        isMultiRegion: true,
        isOrganizationTrail: false,
        s3BucketName: "logs",
        logFileValidationEnabled: true,
        kmsKeyId: "k1",
        isLogging: true,
        eventSelectors: defaultSelectors,
      },
      {
        name: "org",
        arn: ORG,
        ownerAccountId: "999988887777",
        homeRegion: "eu-west-1",
        isMultiRegion: true,
        isOrganizationTrail: true,
        s3BucketName: "archive",
        logFileValidationEnabled: false,
        kmsKeyId: undefined,
        isLogging: false,
        eventSelectors: defaultSelectors,
      },
    ]);
    expect(ctMock.commandCalls(GetTrailStatusCommand)).toHaveLength(2);
  });

  it("describes by ARN a single-region trail of another region that only ListTrails shows, across ListTrails pages", async () => {
    const EU = "arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu-only";
    ctMock
      .on(DescribeTrailsCommand, { includeShadowTrails: true })
      .resolves({ trailList: [{ Name: "main", TrailARN: OWN, HomeRegion: "us-east-1" }] });
    ctMock
      .on(DescribeTrailsCommand, { trailNameList: [EU], includeShadowTrails: true })
      .resolves({ trailList: [{ Name: "eu-only", TrailARN: EU, HomeRegion: "eu-west-1", S3BucketName: "eu-logs" }] });
    ctMock
      .on(ListTrailsCommand)
      .resolvesOnce({ Trails: [{ TrailARN: OWN, Name: "main", HomeRegion: "us-east-1" }], NextToken: "t" })
      .resolvesOnce({ Trails: [{ TrailARN: EU, Name: "eu-only", HomeRegion: "eu-west-1" }] });
    ctMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    const trails = await listCloudTrails(client());
    expect(trails.map((t) => [t.arn, t.homeRegion, t.s3BucketName, t.isLogging])).toEqual([
      [OWN, "us-east-1", undefined, true],
      [EU, "eu-west-1", "eu-logs", true],
    ]);
    expect(ctMock.commandCalls(ListTrailsCommand)[1]?.args[0].input).toMatchObject({ NextToken: "t" });
    expect(ctMock.commandCalls(GetTrailStatusCommand).map((c) => c.args[0].input.Name)).toEqual([OWN, EU]);
  });

  it("returns no trails as an empty list", async () => {
    ctMock.on(DescribeTrailsCommand).resolves({ trailList: [] });
    expect(await listCloudTrails(client())).toEqual([]);
  });

  it("records an unknown status for a trail that vanished, and lets AccessDenied propagate", async () => {
    ctMock.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: "main", TrailARN: OWN }] });
    ctMock
      .on(GetTrailStatusCommand)
      .rejectsOnce(err("TrailNotFoundException"))
      .rejectsOnce(err("AccessDeniedException", 403));
    expect((await listCloudTrails(client()))[0]?.isLogging).toBeNull();
    await expect(listCloudTrails(client())).rejects.toMatchObject({ name: "AccessDeniedException" });
  });

  it("reads basic and advanced event selectors by trail ARN", async () => {
    ctMock
      .on(DescribeTrailsCommand)
      .resolves({ trailList: [{ Name: "main", TrailARN: OWN, IsMultiRegionTrail: true }] });
    ctMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    ctMock.on(GetEventSelectorsCommand, { TrailName: OWN }).resolves({
      TrailARN: OWN,
      AdvancedEventSelectors: [
        {
          Name: "Management events",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Management"] },
            { Field: "readOnly", Equals: ["false"] },
          ],
        },
        {
          Name: "S3 writes",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::S3::Object"] },
          ],
        },
      ],
    });
    expect((await listCloudTrails(client()))[0]?.eventSelectors).toEqual({
      basic: [],
      advanced: [
        {
          name: "Management events",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Management"] },
            { field: "readOnly", equals: ["false"] },
          ],
        },
        {
          name: "S3 writes",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
          ],
        },
      ],
    });
  });

  it("records unreadable selectors as null, and lets throttling propagate", async () => {
    ctMock.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: "org", TrailARN: ORG }] });
    ctMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    ctMock
      .on(GetEventSelectorsCommand)
      .rejectsOnce(err("AccessDeniedException", 403))
      .rejectsOnce(err("ThrottlingException"));
    expect((await listCloudTrails(client()))[0]?.eventSelectors).toBeNull();
    await expect(listCloudTrails(client())).rejects.toMatchObject({ name: "ThrottlingException" });
  });
});
