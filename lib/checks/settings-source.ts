import "server-only";
import { readFileSync } from "node:fs";
import { getSetting } from "@/lib/db/queries/settings";
import type { Db } from "@/lib/db/types";
import { env } from "@/lib/env";
import {
  CHECK_SETTINGS_KEY,
  defaultCheckSettings,
  parseCheckSettingsFile,
  resolveCheckSettings,
  type CheckSettings,
} from "./settings";

export type CheckSettingsInForce = {
  settings: CheckSettings;
  /** What "reset" goes back to: the settings file, or the defaults. */
  base: CheckSettings;
  /** What `base` is, in words: "settings file" or "defaults". */
  baseLabel: string;
  saved: boolean;
  /** Where the settings in force come from, in words. */
  source: string;
  /** Why the settings file could not be used (its settings are then ignored). */
  fileError: string | null;
};

/** The check settings in force and where they come from: saved by an admin, the settings file, or the defaults. */
export async function loadCheckSettings(db: Db): Promise<CheckSettingsInForce> {
  let base = defaultCheckSettings;
  let fileError: string | null = null;
  if (env.POSTURE_SETTINGS_FILE) {
    try {
      base = parseCheckSettingsFile(readFileSync(env.POSTURE_SETTINGS_FILE, "utf8"), env.POSTURE_SETTINGS_FILE);
    } catch (err) {
      fileError = (err as Error).message;
    }
  }
  const stored = await getSetting(db, CHECK_SETTINGS_KEY);
  const saved = stored !== undefined && stored !== null;
  return {
    settings: resolveCheckSettings(stored, base),
    base,
    baseLabel: env.POSTURE_SETTINGS_FILE && !fileError ? "settings file" : "defaults",
    saved,
    source: saved
      ? "saved in this installation"
      : env.POSTURE_SETTINGS_FILE && !fileError
        ? `file ${env.POSTURE_SETTINGS_FILE}`
        : "defaults",
    fileError,
  };
}
