import type { UnitErrorCode } from "@/lib/domain/vocabulary";

/** What a unit's work ends with when its deadline passes: an AbortError, like the SDK's own aborted calls. */
export function deadlineError(message = "unit deadline reached"): Error {
  return Object.assign(new Error(message), { name: "AbortError" });
}

/** Stops a reader between pages once its unit's deadline has passed. */
export function throwIfDeadline(signal?: AbortSignal): void {
  if (signal?.aborted) throw deadlineError();
}

export const isAbortError = (err: unknown): boolean => (err as { name?: unknown } | null)?.name === "AbortError";

export type ClassifiedError = { code: UnitErrorCode; message: string; retryable: boolean };

type AwsLikeError = {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: "client" | "server";
};

const THROTTLING = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ProvisionedThroughputExceededException",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
  "TransactionInProgressException",
]);
const ACCESS_DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "UnauthorizedAccess",
  "AuthorizationError",
  "Forbidden",
  "NotAuthorized",
  "AuthorizationErrorException",
  "AccessDeniedForDependencyException",
]);
// What AWS answers for a call into a region the account has not opted into.
const REGION_DISABLED = new Set([
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "AuthFailure",
  "RegionDisabledException",
]);
const NOT_SUBSCRIBED = new Set(["OptInRequired", "SubscriptionRequiredException", "AWSOrganizationsNotInUseException"]);
const TIMEOUT = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "AbortError",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
]);
const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "EHOSTUNREACH"]);

export function isThrottlingError(err: unknown): boolean {
  const e = err as AwsLikeError;
  return THROTTLING.has(e?.name ?? "") || THROTTLING.has(e?.code ?? "") || e?.$metadata?.httpStatusCode === 429;
}

function firstLine(s: string | undefined): string {
  return (s ?? "").split("\n")[0]!.slice(0, 500);
}

/**
 * Maps an SDK error to a unit error code and a message a person can act on. `during` names the
 * step, because AccessDenied from sts:AssumeRole means the role is missing or does not trust us.
 */
export function classifyAwsError(err: unknown, during: "assume-role" | "call" = "call"): ClassifiedError {
  const e = (err ?? {}) as AwsLikeError;
  const name = e.name ?? e.code ?? "Error";
  const code = e.code ?? name;
  const detail = firstLine(e.message) || name;
  if (THROTTLING.has(name) || isThrottlingError(e))
    return { code: "Throttled", message: `Throttled by AWS after retries: ${detail}`, retryable: true };
  if (during === "assume-role" && (ACCESS_DENIED.has(name) || e.$metadata?.httpStatusCode === 403)) {
    return {
      code: "RoleMissing",
      message: `Could not assume the audit role: it is missing, does not trust the hub, or the ExternalId differs (${detail})`,
      retryable: false,
    };
  }
  if (REGION_DISABLED.has(name))
    return { code: "RegionDisabled", message: `Region not enabled for this account: ${detail}`, retryable: false };
  if (NOT_SUBSCRIBED.has(name))
    return { code: "NotSubscribed", message: `Service not enabled: ${detail}`, retryable: false };
  if (ACCESS_DENIED.has(name) || e.$metadata?.httpStatusCode === 403)
    return { code: "AccessDenied", message: `Access denied: ${detail}`, retryable: false };
  if (TIMEOUT.has(name) || TIMEOUT.has(code))
    return { code: "Timeout", message: `Timed out: ${detail}`, retryable: true };
  if (NETWORK.has(code) || NETWORK.has(name))
    return { code: "Network", message: `Network error: ${detail}`, retryable: true };
  return { code: "Internal", message: `${name}: ${detail}`, retryable: e.$fault === "server" };
}
