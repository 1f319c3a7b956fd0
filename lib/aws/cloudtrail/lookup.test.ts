import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { lookupEvents, toTrailEvent } from "./lookup";

const ctMock = mockClient(CloudTrailClient);
afterEach(() => ctMock.reset());
const client = () =>
  new CloudTrailClient({ region: "eu-west-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });

const KEY = "AKIAIOSFODNN7EXAMPLE";
const event = (id: string, over: Record<string, unknown> = {}) => ({
  EventId: id,
  EventName: "GetCallerIdentity",
  EventSource: "sts.amazonaws.com",
  EventTime: new Date("2026-12-07T10:00:00Z"),
  AccessKeyId: KEY,
  Username: "ci-canary",
  CloudTrailEvent: JSON.stringify({
    awsRegion: "eu-west-1",
    recipientAccountId: "111122223333",
    sourceIPAddress: "203.0.113.9",
    userAgent: "aws-cli/2.15.0",
    errorCode: "AccessDenied",
    userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/ci-canary", accessKeyId: KEY },
    ...over,
  }),
});

describe("lookupEvents", () => {
  it("follows NextToken across pages with the same filter and window, and maps the logged record", async () => {
    ctMock
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: [event("e1")], NextToken: "t1" })
      .resolvesOnce({
        Events: [event("e2")],
      });
    const start = new Date("2026-12-07T09:00:00Z");
    const end = new Date("2026-12-07T11:00:00Z");
    const got = await lookupEvents(client(), {
      region: "eu-west-1",
      attribute: { key: "AccessKeyId", value: KEY },
      start,
      end,
    });
    expect(got.map((e) => e.id)).toEqual(["e1", "e2"]);
    expect(got[0]).toMatchObject({
      name: "GetCallerIdentity",
      source: "sts.amazonaws.com",
      region: "eu-west-1",
      accountId: "111122223333",
      accessKeyId: KEY,
      userName: "ci-canary",
      principalType: "IAMUser",
      sourceIp: "203.0.113.9",
      userAgent: "aws-cli/2.15.0",
      errorCode: "AccessDenied",
    });
    const calls = ctMock.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(calls[0]).toMatchObject({
      LookupAttributes: [{ AttributeKey: "AccessKeyId", AttributeValue: KEY }],
      StartTime: start,
      EndTime: end,
    });
    expect(calls[1]).toMatchObject({ NextToken: "t1", StartTime: start });
  });

  it("stops at maxPages and skips events without an id", async () => {
    ctMock.on(LookupEventsCommand).resolves({ Events: [event("e1"), { EventName: "x" }], NextToken: "again" });
    const got = await lookupEvents(client(), {
      region: "eu-west-1",
      attribute: { key: "EventName", value: "StopLogging" },
      start: new Date(0),
      end: new Date(),
      maxPages: 3,
    });
    expect(got).toHaveLength(3);
    expect(ctMock.commandCalls(LookupEventsCommand)).toHaveLength(3);
  });

  it("keeps what the summary has when the logged record is not JSON", () => {
    expect(toTrailEvent({ ...event("e3"), CloudTrailEvent: "{broken" }, "us-east-2")).toMatchObject({
      id: "e3",
      region: "us-east-2",
      accessKeyId: KEY,
      sourceIp: undefined,
    });
  });
});
