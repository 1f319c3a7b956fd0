import { z } from "zod";
import { environments } from "@/lib/domain/vocabulary";

/** The longest window "what changed" compares: the history the rollups keep. */
export const CHANGES_MAX_DAYS = 731;
export const CHANGES_DEFAULT_DAYS = 7;
export const CHANGES_LIST_LIMIT = 500;

const one = <T extends z.ZodType>(item: T) =>
  z
    .union([
      item,
      z
        .array(item)
        .max(1)
        .transform((v) => v[0]),
    ])
    .optional();
const day = z.iso.date();

/** Two days to compare (the state at the end of each, UTC) and whose accounts; both days default. */
export const changesQuery = z
  .strictObject({
    from: one(day),
    to: one(day),
    account: one(z.string().regex(/^\d{12}$/, "must be a 12-digit account id")),
    team: one(z.uuid()),
    environment: one(z.enum(environments)),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "from must be before to", path: ["from"] })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= CHANGES_MAX_DAYS * 86_400_000, {
    message: `at most ${CHANGES_MAX_DAYS} days apart`,
    path: ["to"],
  });
export type ChangesQuery = z.infer<typeof changesQuery>;
