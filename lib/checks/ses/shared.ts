import type { SesSendPoint } from "@/lib/aws/ses/types";

/** One SES finding per account and region: the region's sending account. */
export const sesResource = (accountId: string, region: string) => ({
  resourceId: `${accountId}/ses/${region}`,
  resourceType: "AWS::SES::Account",
});

/** Where a responder goes next: the account's spend, and who called SES (the account's investigation). */
export function sesLinks(accountId: string, region: string) {
  return {
    costsUrl: `/costs?account=${accountId}&by=service`,
    investigationUrl: `/investigate?account=${accountId}&region=${region}&service=ses.amazonaws.com`,
  };
}

const QUARTER_HOUR_MS = 15 * 60_000;

/** Sends per 15-minute interval, zeros filled (SES reports only intervals that sent), oldest first. */
export function sendsPerInterval(points: readonly SesSendPoint[], from: number, to: number): number[] {
  const n = Math.max(0, Math.floor((to - from) / QUARTER_HOUR_MS));
  const grid = new Array<number>(n).fill(0);
  for (const p of points) {
    const i = Math.floor((Date.parse(p.timestamp) - from) / QUARTER_HOUR_MS);
    if (i >= 0 && i < n) grid[i]! += p.deliveryAttempts;
  }
  return grid;
}
