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

/**
 * The Cost Explorer collection's schedule, kept the same way under its own key (POSTURE_COST_SCHEDULE,
 * daily by default), so cost runs never follow the posture schedule.
 */
export const COST_SCHEDULE_KEY = "cost-schedule";

export async function installationCostSchedule(db: Db, fallback: string): Promise<string> {
  const parsed = stored.safeParse(await seedSetting(db, COST_SCHEDULE_KEY, { cron: fallback }));
  return parsed.success ? parsed.data.cron : fallback;
}

export async function setInstallationCostSchedule(db: Db, cron: string, updatedBy?: string): Promise<void> {
  await putSetting(db, COST_SCHEDULE_KEY, { cron }, updatedBy);
}

/** Applies the installation's schedules to the queues now, and again at each `check()` (restoring them if removed). */
export async function reconcileSchedule(
  deps: Pick<CollectDeps, "db" | "settings">,
  boss: PgBoss,
): Promise<{ check: () => void }> {
  const warned = new Set<string>();
  const keep = async (queue: string, cron: string, mine: string, variable: string, flag: string) => {
    if (cron !== mine && !warned.has(queue)) {
      warned.add(queue);
      log.warn(`${variable} differs from the installation's schedule, which stays in force`, {
        installation: cron,
        thisWorker: mine,
        change: `npm run collect -- ${flag} <cron|off>`,
      });
    }
    const current = (await boss.getSchedules()).find((s) => s.name === queue);
    if (cron === "off") {
      if (current) await boss.unschedule(queue);
    } else if (current?.cron !== cron) {
      await boss.schedule(queue, cron, { trigger: "schedule" }, { tz: "UTC" });
    }
  };
  const apply = async () => {
    const cron = await installationSchedule(deps.db, deps.settings.schedule);
    await keep(QUEUES.run, cron, deps.settings.schedule, "POSTURE_SCHEDULE", "--schedule");
    const costCron = await installationCostSchedule(deps.db, deps.settings.costSchedule);
    await keep(QUEUES.costs, costCron, deps.settings.costSchedule, "POSTURE_COST_SCHEDULE", "--cost-schedule");
  };
  await apply();
  return {
    check: () => void apply().catch((err: unknown) => log.error("could not keep the schedule", { err })),
  };
}
