import { GetSendStatisticsCommand, type SESClient } from "@aws-sdk/client-ses";
import { GetAccountCommand, type SESv2Client } from "@aws-sdk/client-sesv2";
import { throwIfDeadline } from "../errors";
import type { SesAccountStatus, SesRegion, SesSendPoint } from "./types";

/** GetSendStatistics (SES v1): the region's 15-minute send data points of the last two weeks, oldest first. */
export async function getSendStatistics(ses: SESClient, signal?: AbortSignal): Promise<SesSendPoint[]> {
  throwIfDeadline(signal);
  const out = await ses.send(new GetSendStatisticsCommand({}), { abortSignal: signal });
  return (out.SendDataPoints ?? [])
    .filter((p) => p.Timestamp)
    .map((p) => ({
      timestamp: new Date(p.Timestamp!).toISOString(),
      deliveryAttempts: p.DeliveryAttempts ?? 0,
      bounces: p.Bounces ?? 0,
      complaints: p.Complaints ?? 0,
      rejects: p.Rejects ?? 0,
    }))
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}

/** SES v2 GetAccount: sending quota, production access and enforcement status of the region. */
export async function getSesAccount(sesv2: SESv2Client, signal?: AbortSignal): Promise<SesAccountStatus> {
  throwIfDeadline(signal);
  const out = await sesv2.send(new GetAccountCommand({}), { abortSignal: signal });
  return {
    sendingEnabled: out.SendingEnabled ?? false,
    productionAccess: out.ProductionAccessEnabled ?? false,
    enforcementStatus: out.EnforcementStatus ?? null,
    max24HourSend: out.SendQuota?.Max24HourSend ?? null,
    maxSendRate: out.SendQuota?.MaxSendRate ?? null,
    sentLast24Hours: out.SendQuota?.SentLast24Hours ?? null,
  };
}

/** Both reads of one region; SES counts as used there once it sent, or production access was granted. */
export async function readSesRegion(ses: SESClient, sesv2: SESv2Client, signal?: AbortSignal): Promise<SesRegion> {
  const [account, points] = await Promise.all([getSesAccount(sesv2, signal), getSendStatistics(ses, signal)]);
  const used =
    account.productionAccess ||
    (account.sentLast24Hours ?? 0) > 0 ||
    (account.enforcementStatus !== null && account.enforcementStatus !== "HEALTHY") ||
    points.some((p) => p.deliveryAttempts > 0);
  return { account, points, used };
}
