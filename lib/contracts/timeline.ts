import { z } from "zod";
import { environments } from "@/lib/domain/vocabulary";
import { timelineKinds } from "@/lib/domain/timeline";

/** The longest window one timeline page reads: the trend window of the rollups. */
export const TIMELINE_MAX_DAYS = 731;
export const TIMELINE_DEFAULT_DAYS = 30;
export const TIMELINE_PAGE_SIZE = 200;

const day = z.iso.date();
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

/**
 * The timeline's URL: whose (an account, a team or an environment), which kinds, which days, and the
 * keyset cursor of an older page ("<ISO time>|<key>"). Days are UTC and inclusive.
 */
export const timelineQuery = z
  .strictObject({
    account: one(z.string().regex(/^\d{12}$/, "must be a 12-digit account id")),
    team: one(z.uuid()),
    environment: one(z.enum(environments)),
    kind: z
      .union([z.enum(timelineKinds), z.array(z.enum(timelineKinds)).max(timelineKinds.length)])
      .optional()
      .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v])),
    from: one(day),
    to: one(day),
    before: one(z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[a-z]{2,4}:[\w:./-]{1,300}$/, "must be a page cursor")),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must not be after to", path: ["from"] })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= TIMELINE_MAX_DAYS * 86_400_000, {
    message: `at most ${TIMELINE_MAX_DAYS} days`,
    path: ["to"],
  });
export type TimelineQuery = z.infer<typeof timelineQuery>;
