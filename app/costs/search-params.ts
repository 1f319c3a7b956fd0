import { z } from "zod";
import { environments } from "@/lib/domain/vocabulary";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(v)));

// Each field on its own: an invalid value drops that filter, not the page.
export const costsSearchParams = z.object({
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  env: z.enum(environments).optional().catch(undefined),
  account: z
    .string()
    .regex(/^\d{12}$/)
    .optional()
    .catch(undefined),
  by: z.enum(["account", "service", "environment"]).optional().catch(undefined),
  team: z.uuid().optional().catch(undefined),
});
export type CostsSearch = z.output<typeof costsSearchParams>;
