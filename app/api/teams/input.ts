import { z } from "zod";
import { optionalText, safeText } from "@/lib/domain/text";

// Names and groups end up in tables, the audit log's JSON, CSV exports and log lines.
export const teamFields = {
  name: safeText({ min: 1, max: 80 }),
  description: optionalText({ max: 500 }),
  /** Members of this IdP group join the team at sign-in; empty = manual membership only. */
  idpGroup: optionalText({ max: 200 }),
};

export const teamId = z.object({ id: z.uuid() });
