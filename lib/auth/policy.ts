import { env } from "@/lib/env";
import type { SessionPolicy } from "@/lib/db/queries/sessions";

export const sessionPolicy: SessionPolicy = {
  idleMs: env.AUTH_IDLE_TIMEOUT_MINUTES * 60_000,
  absoluteMs: env.AUTH_ABSOLUTE_TIMEOUT_HOURS * 3_600_000,
};
