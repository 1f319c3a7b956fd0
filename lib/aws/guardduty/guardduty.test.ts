import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from "@aws-sdk/client-guardduty";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { listGuardDutyDetectors } from "./guardduty";

const gdMock = mockClient(GuardDutyClient);
afterEach(() => gdMock.reset());

const client = () =>
  new GuardDutyClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });

describe("listGuardDutyDetectors", () => {
  it("reads every detector across pages with its status", async () => {
    gdMock
      .on(ListDetectorsCommand)
      .resolvesOnce({ DetectorIds: ["d1"], NextToken: "t" })
      .resolvesOnce({ DetectorIds: ["d2"] });
    gdMock
      .on(GetDetectorCommand, { DetectorId: "d1" })
      .resolves({ Status: "ENABLED", FindingPublishingFrequency: "SIX_HOURS", ServiceRole: "r" });
    gdMock.on(GetDetectorCommand, { DetectorId: "d2" }).resolves({ Status: "DISABLED", ServiceRole: "r" });
    expect(await listGuardDutyDetectors(client())).toEqual([
      { detectorId: "d1", status: "ENABLED", findingPublishingFrequency: "SIX_HOURS" },
      { detectorId: "d2", status: "DISABLED", findingPublishingFrequency: undefined },
    ]);
    expect(gdMock.commandCalls(ListDetectorsCommand)[1]?.args[0].input).toMatchObject({ NextToken: "t" });
  });

  it("returns a region without a detector as an empty list", async () => {
    gdMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    expect(await listGuardDutyDetectors(client())).toEqual([]);
  });

  it("lets AccessDenied propagate", async () => {
    gdMock
      .on(ListDetectorsCommand)
      .rejects(
        Object.assign(new Error("denied"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } }),
      );
    await expect(listGuardDutyDetectors(client())).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});
