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
