"use client";

/** Error from a route handler: its message and per-field problems (zod's flattened errors). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Record<string, string[] | undefined> = {},
    /** The whole JSON answer, for routes that say more than an error (a 409's run id). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** JSON to one of our route handlers; same-origin, so the browser adds Origin for the CSRF check. */
export async function send<T = unknown>(
  method: "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = (await response.json().catch(() => ({}))) as {
    error?: string;
    fields?: Record<string, string[]>;
    reference?: string;
  } & Record<string, unknown>;
  if (!response.ok) {
    const message =
      response.status === 401
        ? "Your session has ended. Sign in again."
        : (data.error ?? `request failed (${response.status})`);
    throw new ApiError(
      data.reference ? `${message} (reference ${data.reference})` : message,
      response.status,
      data.fields,
      data,
    );
  }
  return data as T;
}
