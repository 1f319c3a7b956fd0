import { env } from "./env";

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof levels;

// Keys whose values never reach a log line, whatever the caller passes (AWS session credentials, cookies, …).
const SECRET_KEY = /secret|password|passwd|token|credential|authorization|cookie|session_?key|private_?key/i;
const MAX_DEPTH = 6;

// drizzle's failed-query errors end their message with "params: <every bound value>", which would
// carry password and token hashes past the key-based redaction (issue 16).
const PARAMS = /\nparams: [\s\S]*$/;

function redactMessage(message: string): string {
  return message.replace(PARAMS, "\nparams: [redacted]");
}

export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object") return value;
  // Deeper than anyone needs in a log line, and too deep to vouch for: drop it rather than risk a secret.
  if (depth > MAX_DEPTH) return "[truncated]";
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: redactMessage(value.message),
      ...(typeof code === "string" ? { code } : {}),
      ...(value.cause === undefined ? {} : { cause: redact(value.cause, depth + 1) }),
    };
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1)]),
  );
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (levels[level] < levels[env.LOG_LEVEL]) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...(redact(fields ?? {}) as object) });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

/** One JSON object per line; fields pass through redact(). */
export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
