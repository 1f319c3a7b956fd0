import { z } from "zod";
import { optionalText } from "@/lib/domain/text";
import { defineContract } from "./define";

/** What a person can say about a cost incident; null takes a verdict back. */
export const costVerdictValues = ["expected", "not_anomaly"] as const;

/**
 * Feedback on a cost incident: "expected / planned" or "not an anomaly", with a note. The detector
 * then learns the incident's level instead of alarming on it again.
 */
const verdict = defineContract({
  method: "PUT",
  path: "/api/costs/incidents/[id]/verdict",
  params: z.object({ id: z.uuid() }),
  body: z.strictObject({ verdict: z.enum(costVerdictValues).nullable(), note: optionalText({ max: 1000 }) }),
  response: z.object({
    incident: z.object({
      id: z.string(),
      verdict: z.enum(costVerdictValues).nullable(),
      note: z.string().nullable(),
    }),
  }),
});

export const costsApi = { verdict };
