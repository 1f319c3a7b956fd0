import { existsSync } from "node:fs";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

// A hook for the real-process fault tests (test/integration/worker-faults.int.test.ts): with
// POSTURE_TEST_PAUSE_AT set, a worker logs "test pause reached" at that point and waits there, so the
// test kills it, cancels its run or restarts its database at a known step instead of after a guessed delay.

export type PausePoint = NonNullable<typeof env.POSTURE_TEST_PAUSE_AT>;

/**
 * Inert unless POSTURE_TEST_PAUSE_AT names `point` (never set in production): then waits until the file
 * POSTURE_TEST_PAUSE_RELEASE exists, or for good when it is unset. Every arrival at the point pauses.
 */
export async function testPause(point: PausePoint, detail: Record<string, unknown>): Promise<void> {
  if (env.POSTURE_TEST_PAUSE_AT !== point) return;
  log.warn("test pause reached", { point, ...detail });
  const release = env.POSTURE_TEST_PAUSE_RELEASE;
  for (;;) {
    if (release && existsSync(release)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  log.warn("test pause released", { point, ...detail });
}
