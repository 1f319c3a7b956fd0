import { z } from "zod";
import { environments } from "@/lib/domain/vocabulary";
import { trendLevels, trendRangeKeys } from "@/lib/domain/trends";

// Each field on its own: an invalid value drops that field (its default applies), not the page.
export const trendsSearchParams = z.object({
  level: z.enum(trendLevels).optional().catch(undefined),
  environment: z.enum(environments).optional().catch(undefined),
  team: z.uuid().optional().catch(undefined),
  account: z
    .string()
    .regex(/^\d{12}$/)
    .optional()
    .catch(undefined),
  range: z.enum(trendRangeKeys).optional().catch(undefined),
});
export type TrendsSearch = z.output<typeof trendsSearchParams>;
