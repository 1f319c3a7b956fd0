import { z } from "zod";

// What the health check, the demo banner and its polling route say about the demo organization.
// The banner (client code) parses the route's answer with this schema rather than trusting it.

const progress = { day: z.number().int().min(0), days: z.number().int().min(0) };

export const demoStatusSchema = z.discriminatedUnion("state", [
  z.object({ state: z.literal("none") }),
  z.object({ state: z.literal("loading"), ...progress }),
  /** Present but incomplete, and no simulated day was written lately: the load stopped. */
  z.object({ state: z.literal("interrupted"), ...progress }),
  z.object({ state: z.literal("ready") }),
]);
export type DemoStatus = z.infer<typeof demoStatusSchema>;

/** GET /api/demo */
export const demoStatusResponseSchema = z.object({ demo: demoStatusSchema });
export type DemoStatusResponse = z.infer<typeof demoStatusResponseSchema>;

/** The demo's simulated collections run at 06:00 UTC. */
export const DEMO_COLLECTED_AT_MS = 6 * 3_600_000;

/** The demo's last simulated day (UTC midnight): today once its 06:00 collection has passed, else yesterday. */
export function demoLastDay(now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return now.getTime() >= today + DEMO_COLLECTED_AT_MS ? today : today - 86_400_000;
}
