// Rules about a collection run's status that the Runs pages and the run store share.
import type { RunStatus } from "./vocabulary";

/** Runs an admin may cancel: not yet ended, or given up as stuck. */
export const CANCELLABLE_RUN_STATUSES = ["queued", "running", "stuck"] as const satisfies readonly RunStatus[];

export const cancellable = (status: RunStatus) => (CANCELLABLE_RUN_STATUSES as readonly RunStatus[]).includes(status);
