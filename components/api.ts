"use client";

import { contractUrl, type AnswerOf, type Contract, type SendInput } from "@/lib/contracts/define";
import { apiErrorBodySchema, type ApiErrorCode, type ApiErrorBody, type FieldErrors } from "@/lib/contracts/errors";

/** An error answer of one of our route handlers (lib/contracts/errors.ts), or a request that got none. */
export class ApiError extends Error {
  readonly code: ApiErrorCode | null;
  /** Problems per field (a 422 from validation, or a refusal about one field). */
  readonly fields: FieldErrors;
  readonly target: ApiErrorBody["target"] | null;

  constructor(
    message: string,
    readonly status: number,
    body?: ApiErrorBody,
  ) {
    super(message);
    this.code = body?.code ?? null;
    this.fields = body?.fields ?? {};
    this.target = body?.target ?? null;
  }
}

/** The message to show for an error answer: the server's, with the 500's reference to quote. */
function errorFrom(status: number, json: unknown): ApiError {
  const parsed = apiErrorBodySchema.safeParse(json);
  if (status === 401) return new ApiError("Your session has ended. Sign in again.", status, parsed.data);
  if (!parsed.success) return new ApiError(`request failed (${status})`, status);
  const { error, reference } = parsed.data;
  return new ApiError(reference ? `${error} (reference ${reference})` : error, status, parsed.data);
}

type SendArgs<C extends Contract> = keyof SendInput<C> extends never ? [] : [input: SendInput<C>];

/**
 * Calls the route a contract describes (same-origin, so the browser adds Origin for the CSRF check)
 * and answers what the contract says it answers, validated; an error answer throws an ApiError.
 */
export function send<C extends Contract>(contract: C, ...input: SendArgs<C>): Promise<AnswerOf<C>>;
export async function send(
  contract: Contract,
  input: { params?: Record<string, string>; body?: unknown } = {},
): Promise<unknown> {
  const body = input.body === undefined ? undefined : JSON.stringify(input.body);
  const response = await fetch(contractUrl(contract, input.params), {
    method: contract.method,
    headers: { Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body,
    credentials: "same-origin",
  });
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFrom(response.status, json);
  const answer = contract.response.safeParse(json);
  if (!answer.success) throw new ApiError(`unexpected answer from the server (${response.status})`, response.status);
  return answer.data;
}
