import { z } from "zod";

// The one shape of every 4xx/5xx answer of our route handlers, and the one place that builds it.
// Browser-safe (zod and plain values): the client's ApiError parses answers with the same schema.

/** What went wrong, for a program. */
export const apiErrorCodes = [
  "bad-request",
  "unauthenticated",
  "forbidden",
  "cross-site",
  "password-change-required",
  "not-found",
  "conflict",
  "demo",
  "busy",
  "too-large",
  "invalid-input",
  "refused",
  "no-credentials",
  "internal",
  "collection-failed",
  "no-collector",
  "settings-invalid",
  "rate-limited",
  "method-not-allowed",
  "unavailable",
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

/** Each code has one HTTP status. */
export const apiErrorStatus = {
  "bad-request": 400,
  unauthenticated: 401,
  forbidden: 403,
  "cross-site": 403,
  "password-change-required": 403,
  "not-found": 404,
  conflict: 409,
  demo: 409,
  busy: 409,
  "too-large": 413,
  "invalid-input": 422,
  refused: 422,
  "no-credentials": 422,
  internal: 500,
  "collection-failed": 502,
  "no-collector": 503,
  "settings-invalid": 422,
  "rate-limited": 429,
  "method-not-allowed": 405,
  unavailable: 503,
} as const satisfies Record<ApiErrorCode, number>;

/** Problems per field, as zod's flattened errors name them: `{ name: ["is taken"] }`. */
export const fieldErrorsSchema = z.record(z.string(), z.array(z.string()));
export type FieldErrors = z.infer<typeof fieldErrorsSchema>;

export const apiErrorBodySchema = z.strictObject({
  /** What went wrong, for a person: shown as it is. */
  error: z.string(),
  code: z.enum(apiErrorCodes),
  fields: fieldErrorsSchema.optional(),
  /** A 500's reference: the server log has the detail under it. */
  reference: z.string().optional(),
  /** The thing the error is about, e.g. the run in progress behind a 409 "busy". */
  target: z.strictObject({ type: z.string(), id: z.string() }).optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** An error answer on its way out: handlers return it, route() sends it. */
export class Problem {
  readonly status: number;
  readonly body: ApiErrorBody;
  /** Headers the answer carries besides the body: a 429's Retry-After, a 405's Allow. */
  readonly headers: Record<string, string> = {};
  constructor(code: ApiErrorCode, message: string, extra: Omit<ApiErrorBody, "error" | "code"> = {}) {
    this.status = apiErrorStatus[code];
    this.body = { error: message, code };
    if (extra.fields && Object.keys(extra.fields).length > 0) this.body.fields = extra.fields;
    if (extra.reference) this.body.reference = extra.reference;
    if (extra.target) this.body.target = extra.target;
  }
}

/** The error answer for `code`; its status follows from the code. */
export function problem(code: ApiErrorCode, message: string, extra?: Omit<ApiErrorBody, "error" | "code">): Problem {
  return new Problem(code, message, extra);
}

/** A 422 naming the fields at fault. */
export function invalid(fields: Record<string, string[] | undefined>, message = "invalid input"): Problem {
  const named = Object.entries(fields).filter((e): e is [string, string[]] => e[1] !== undefined && e[1].length > 0);
  return new Problem("invalid-input", message, { fields: Object.fromEntries(named) });
}

/** A 422 from zod: problems per field, and those of the input as a whole in the message. */
export function invalidInput(error: z.ZodError, message = "invalid input"): Problem {
  const { formErrors, fieldErrors } = z.flattenError(error);
  return invalid(fieldErrors, formErrors.length > 0 ? `${message}: ${formErrors.join("; ")}` : message);
}

/** The HTTP answer for a problem; never cached, since it may be about the viewer's own data. */
export function problemResponse(p: Problem): Response {
  return Response.json(p.body, { status: p.status, headers: { ...p.headers, "Cache-Control": "no-store" } });
}
