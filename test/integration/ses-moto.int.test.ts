import { SendEmailCommand, SESClient, VerifyEmailIdentityCommand } from "@aws-sdk/client-ses";
import { GetAccountCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSendStatistics, readSesRegion } from "@/lib/aws/ses/ses";
import { ctx } from "@/lib/checks/fixtures";
import spike from "@/lib/checks/ses/ses-sending-spike";
import underReview from "@/lib/checks/ses/ses-account-under-review";
import { startOwnMoto } from "../moto-server";

// SES v1 against moto: mails sent through it come back in GetSendStatistics. moto 5.2.1 has no
// SES v2 GetAccount, so that call is answered by aws-sdk-client-mock with AWS's shapes.

const REGION = "eu-west-1";
let moto: { url: string; stop: () => Promise<void> };
const v2 = mockClient(SESv2Client);
const conf = () => ({
  region: REGION,
  endpoint: moto.url,
  credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
});

beforeAll(async () => {
  moto = await startOwnMoto();
}, 60_000);
afterAll(async () => {
  v2.restore();
  await moto?.stop();
});

describe("SES readers against moto", () => {
  it("count what was sent, and the checks read it; an account with no SES is not applicable", async () => {
    const ses = new SESClient(conf());
    const quiet = await readSesRegionWith(ses, { ProductionAccessEnabled: false, SendQuota: { SentLast24Hours: 0 } });
    expect(quiet.used).toBe(false);
    expect(spike.evaluate(ctx({ ses: quiet }, REGION))).toEqual([]);

    await ses.send(new VerifyEmailIdentityCommand({ EmailAddress: "noreply@example.com" }));
    for (let i = 0; i < 250; i++)
      await ses.send(
        new SendEmailCommand({
          Source: "noreply@example.com",
          Destination: { ToAddresses: [`victim${i}@example.org`] },
          Message: { Subject: { Data: "Your invoice" }, Body: { Text: { Data: "Click here" } } },
        }),
      );
    const points = await getSendStatistics(ses);
    expect(points.reduce((a, p) => a + p.deliveryAttempts, 0)).toBe(250);

    const sending = await readSesRegionWith(ses, {
      ProductionAccessEnabled: true,
      EnforcementStatus: "PROBATION",
      SendingEnabled: true,
      SendQuota: { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 250 },
    });
    expect(sending).toMatchObject({ used: true, account: { enforcementStatus: "PROBATION", sentLast24Hours: 250 } });
    // 250 mails in one quarter hour from an account that sent nothing before: a spike.
    expect(spike.evaluate(ctx({ ses: sending }, REGION))[0]).toMatchObject({
      status: "fail",
      evidence: { peakPer15Minutes: 250 },
    });
    expect(underReview.evaluate(ctx({ ses: sending }, REGION))[0]?.status).toBe("fail");
  }, 120_000);
});

function readSesRegionWith(ses: SESClient, account: object) {
  v2.reset();
  v2.on(GetAccountCommand).resolves(account);
  return readSesRegion(ses, new SESv2Client(conf()));
}
