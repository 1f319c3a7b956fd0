import "server-only";
import { readFile } from "node:fs/promises";
import { resolveCheckSettings, type CheckSettings, type CheckSettingsResolution } from "@/lib/checks/settings";
import { CHECK_SETTINGS_KEY, getSetting } from "@/lib/db/queries/settings";
import type { Db } from "@/lib/db/types";

// The I/O around the one check-settings rule (lib/checks/settings.ts): the saved row and the
// settings file, read fresh each time. The collector and the Settings page both come here.

async function readSettingsFile(path: string) {
  try {
    return { path, text: await readFile(path, "utf8") };
  } catch (err) {
    return { path, readError: err instanceof Error ? err.message : String(err) };
  }
}

/** The check settings in force, from what an admin saved and `file` (POSTURE_SETTINGS_FILE), or why there are none. */
export async function loadCheckSettings(db: Db, opts: { file: string | undefined }): Promise<CheckSettingsResolution> {
  const [stored, file] = await Promise.all([
    getSetting(db, CHECK_SETTINGS_KEY),
    opts.file ? readSettingsFile(opts.file) : undefined,
  ]);
  return resolveCheckSettings({ stored, file });
}

export type CheckSettingsView = {
  /** The settings in force; with an error, what an editor starts from (none are in force). */
  settings: CheckSettings;
  /** Where they come from, in words. */
  source: string;
  saved: boolean;
  /** What "reset" goes back to, in words: "settings file" or "defaults". */
  baseLabel: string;
  /** Why no settings are in force: collections refuse to start until it is fixed. */
  error: string | null;
};

/** The Settings page's reading of the same resolution. */
export async function describeCheckSettings(db: Db, opts: { file: string | undefined }): Promise<CheckSettingsView> {
  const r = await loadCheckSettings(db, opts);
  const baseLabel = r.filePath ? "settings file" : "defaults";
  if (!r.ok)
    return {
      settings: r.draft,
      source: "none in force: collections refuse to start",
      saved: r.saved,
      baseLabel,
      error: r.message,
    };
  const source = { saved: "saved in this installation", file: `file ${r.filePath}`, defaults: "defaults" }[r.source];
  return { settings: r.settings, source, saved: r.saved, baseLabel, error: null };
}
