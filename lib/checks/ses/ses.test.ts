import { describe, expect, it } from "vitest";
import type { SesRegion, SesSendPoint } from "@/lib/aws/ses/types";
import { ACCOUNT, ctx } from "../fixtures";
import { evaluateUnit } from "../evaluate";
import underReview from "./ses-account-under-review";
import rates from "./ses-bounce-or-complaint-rate-high";
import spike from "./ses-sending-spike";

const END = Date.parse("2026-11-20T12:00:00Z");
const Q = 15 * 60_000;
/** `days` of quarter-hour points sending `perInterval` during office hours, then `burst` in the last two hours. */
function points(opts: { days?: number; perInterval?: number; burst?: number; bounces?: number; complaints?: number }) {
  const out: SesSendPoint[] = [];
  const from = END - (opts.days ?? 14) * 86_400_000;
  for (let t = from; t < END; t += Q) {
    const hour = new Date(t).getUTCHours();
    const inBurst = t >= END - 2 * 3_600_000;
    const normal = hour >= 8 && hour < 18 ? (opts.perInterval ?? 20) : 0;
    const sends = inBurst && opts.burst ? opts.burst : normal;
    if (sends === 0) continue;
    out.push({
      timestamp: new Date(t).toISOString(),
      deliveryAttempts: sends,
      bounces: Math.round(sends * (opts.bounces ?? 0.005)),
      complaints: Math.round(sends * (opts.complaints ?? 0)),
      rejects: 0,
    });
  }
  return out;
}
const account = (over: Partial<NonNullable<SesRegion["account"]>> = {}) => ({
  sendingEnabled: true,
  productionAccess: true,
  enforcementStatus: "HEALTHY",
  max24HourSend: 50_000,
  maxSendRate: 14,
  sentLast24Hours: 1200,
  ...over,
});
const ses = (p: SesSendPoint[], acc = account()): SesRegion => ({ account: acc, points: p, used: true });
const unit = (s: SesRegion) => ctx({ ses: s }, "eu-west-1");

describe("ses_sending_spike", () => {
  it("passes a steady office-hours sender", () => {
    expect(spike.evaluate(unit(ses(points({}))))[0]).toMatchObject({
      resourceId: `${ACCOUNT}/ses/eu-west-1`,
      status: "pass",
      evidence: { usualPeakPer15Minutes: 20 },
    });
  });
  it("fails 57,000 mails in two hours, with links to the account's costs and to who sent", () => {
    const [r] = spike.evaluate(unit(ses(points({ burst: 57_000 / 8 }))));
    expect(r).toMatchObject({
      status: "fail",
      evidence: {
        sentInWindow: 57_000,
        usualPeakPer15Minutes: 20,
        costsUrl: `/costs?account=${ACCOUNT}&by=service`,
        investigationUrl: `/investigate?account=${ACCOUNT}&region=eu-west-1&service=ses.amazonaws.com`,
      },
    });
  });
  it("fails a first burst from an account that never sent, and ignores a few hundred at a busy sender", () => {
    expect(spike.evaluate(unit(ses(points({ days: 0.1, perInterval: 0, burst: 3000 }))))[0]?.status).toBe("fail");
    expect(spike.evaluate(unit(ses(points({ perInterval: 100, burst: 300 }))))[0]?.status).toBe("pass");
  });
  it("is not applicable where SES is not used", () => {
    expect(spike.evaluate(unit({ account: account({ productionAccess: false }), points: [], used: false }))).toEqual(
      [],
    );
    expect(evaluateUnit([spike], ctx({}, "eu-west-1"))).toEqual([]);
  });
});

describe("ses_bounce_or_complaint_rate_high", () => {
  it("passes healthy rates and fails from half of AWS's review thresholds", () => {
    expect(rates.evaluate(unit(ses(points({ perInterval: 100, bounces: 0.01 }))))[0]?.status).toBe("pass");
    expect(rates.evaluate(unit(ses(points({ perInterval: 100, bounces: 0.03 }))))[0]).toMatchObject({
      status: "fail",
      evidence: { level: "approaching AWS's review threshold" },
    });
    expect(rates.evaluate(unit(ses(points({ perInterval: 1000, complaints: 0.002 }))))[0]).toMatchObject({
      status: "fail",
      evidence: { level: "at AWS's review threshold", complaintRatePercent: 0.2 },
    });
  });
  it("says nothing about a handful of sends", () => {
    expect(rates.evaluate(unit(ses(points({ days: 0.2, perInterval: 5, bounces: 0.5 }))))).toEqual([]);
  });
});

describe("ses_account_under_review", () => {
  it("passes HEALTHY, fails PROBATION and SHUTDOWN", () => {
    expect(underReview.evaluate(unit(ses([])))[0]?.status).toBe("pass");
    expect(underReview.evaluate(unit(ses([], account({ enforcementStatus: "PROBATION" }))))[0]).toMatchObject({
      status: "fail",
      evidence: { enforcementStatus: "PROBATION" },
    });
    expect(underReview.evaluate(unit(ses([], account({ enforcementStatus: "SHUTDOWN" }))))[0]?.status).toBe("fail");
    expect(underReview.evaluate(unit({ account: null, points: [], used: false }))).toEqual([]);
  });
});
