import "server-only";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { getSetting, putSetting, seedSetting } from "@/lib/db/queries/settings";
import type { Db } from "@/lib/db/types";
import { QUEUES } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import type { CollectDeps } from "./collect-account";

/**
 * The schedule belongs to the installation, not to a process: it is stored in settings, seeded from
 * POSTURE_SCHEDULE by the first process that finds none, and changed only on purpose
 * (`npm run collect -- --schedule`). Workers keep pg-boss's schedule in step with it.
 */
export const SCHEDULE_KEY = "schedule";
const stored = z.object({ cron: z.string().min(1) });

export async function installationSchedule(db: Db, fallback: string): Promise<string> {
  const parsed = stored.safeParse(await seedSetting(db, SCHEDULE_KEY, { cron: fallback }));
  return parsed.success ? parsed.data.cron : fallback;
}

export async function setInstallationSchedule(db: Db, cron: string, updatedBy?: string): Promise<void> {
  await putSetting(db, SCHEDULE_KEY, { cron }, updatedBy);
}

export async function readInstallationSchedule(db: Db): Promise<string | null> {
  const parsed = stored.safeParse(await getSetting(db, SCHEDULE_KEY));
  return parsed.success ? parsed.data.cron : null;
}

/** Applies the installation's schedule to the queue now, and again at each `check()` (restoring it if removed). */
export async function reconcileSchedule(
  deps: Pick<CollectDeps, "db" | "settings">,
  boss: PgBoss,
): Promise<{ check: () => void }> {
  let warned = false;
  const apply = async () => {
    const cron = await installationSchedule(deps.db, deps.settings.schedule);
    if (cron !== deps.settings.schedule && !warned) {
      warned = true;
      log.warn("POSTURE_SCHEDULE differs from the installation's schedule, which stays in force", {
        installation: cron,
        thisWorker: deps.settings.schedule,
        change: "npm run collect -- --schedule <cron|off>",
      });
    }
    const current = (await boss.getSchedules()).find((s) => s.name === QUEUES.run);
    if (cron === "off") {
      if (current) await boss.unschedule(QUEUES.run);
    } else if (current?.cron !== cron) {
      await boss.schedule(QUEUES.run, cron, { trigger: "schedule" }, { tz: "UTC" });
    }
  };
  await apply();
  return {
    check: () => void apply().catch((err: unknown) => log.error("could not keep the schedule", { err })),
  };
}
