import { z } from "zod";

// No control characters: names and groups end up in tables, CSV exports and log lines.
const printable = /^[^\p{Cc}]*$/u;
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(printable, "must not contain control characters")
    .nullable()
    .transform((v) => v || null);

export const teamFields = {
  name: z.string().trim().min(1, "is required").max(80).regex(printable, "must not contain control characters"),
  description: optionalText(500),
  /** Members of this IdP group join the team at sign-in; empty = manual membership only. */
  idpGroup: optionalText(200),
};

export const teamId = z.object({ id: z.uuid() });
