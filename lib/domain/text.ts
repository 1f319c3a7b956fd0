import { z } from "zod";

// Every text a person or a URL hands the server passes through here: NUL and lone surrogates make
// Postgres fail (a 500), and control characters forge lines in CSV exports and logs.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f]/u;
// Without the u flag a regex sees UTF-16 code units, so a surrogate without its partner stands out.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type TextOptions = { max: number; min?: number; multiline?: boolean; trim?: boolean };

/** Is this a string Postgres can store and a log line can hold (no NUL, no lone surrogate, no control character)? */
export function isSafeText(value: string, multiline = false): boolean {
  return !LONE_SURROGATE.test(value) && !(multiline ? CONTROL : CONTROL_SINGLE_LINE).test(value);
}

/** A text field: well-formed Unicode, no control characters (tabs and newlines only when multiline), bounded. */
export function safeText({ max, min = 0, multiline = false, trim = true }: TextOptions) {
  const base = trim ? z.string().trim() : z.string();
  return base
    .max(max, `must be at most ${max} characters`)
    .min(min, min === 1 ? "is required" : `must be at least ${min} characters`)
    .refine((v) => !LONE_SURROGATE.test(v), "must be valid Unicode text")
    .refine((v) => !(multiline ? CONTROL : CONTROL_SINGLE_LINE).test(v), "must not contain control characters");
}

/** An optional text field where empty means "none": gives null. */
export function optionalText(options: Omit<TextOptions, "min">) {
  return safeText(options)
    .nullish()
    .transform((v) => v || null);
}
