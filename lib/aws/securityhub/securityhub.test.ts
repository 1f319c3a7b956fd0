import { DescribeHubCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { getSecurityHubStatus } from "./securityhub";

const shMock = mockClient(SecurityHubClient);
afterEach(() => shMock.reset());

const client = () =>
  new SecurityHubClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const err = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $fault: "client", $metadata: { httpStatusCode: status } });

describe("getSecurityHubStatus", () => {
  it("maps an enabled hub", async () => {
    shMock.on(DescribeHubCommand).resolves({
      HubArn: "arn:aws:securityhub:us-east-1:111122223333:hub/default",
      SubscribedAt: "2024-01-01T00:00:00.000Z",
      AutoEnableControls: true,
    });
    expect(await getSecurityHubStatus(client())).toEqual({
      enabled: true,
      hubArn: "arn:aws:securityhub:us-east-1:111122223333:hub/default",
      subscribedAt: "2024-01-01T00:00:00.000Z",
      autoEnableControls: true,
    });
  });

  it("answers 'not subscribed' as disabled", async () => {
    shMock
      .on(DescribeHubCommand)
      .rejectsOnce(err("InvalidAccessException", 401))
      .rejectsOnce(err("ResourceNotFoundException", 404));
    expect(await getSecurityHubStatus(client())).toEqual({ enabled: false });
    expect(await getSecurityHubStatus(client())).toEqual({ enabled: false });
  });

  it("lets AccessDenied propagate", async () => {
    shMock.on(DescribeHubCommand).rejects(err("AccessDeniedException", 403));
    await expect(getSecurityHubStatus(client())).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});
