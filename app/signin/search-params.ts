import { z } from "zod";

// Each field on its own: a repeated or oversized value drops that field, not the whole query.
export const signInSearchParams = z.object({
  callbackUrl: z.string().optional().catch(undefined),
  error: z.string().max(64).optional().catch(undefined),
  reason: z.string().max(32).optional().catch(undefined),
});
