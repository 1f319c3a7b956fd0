import type { z } from "zod";

// A route's contract: what the handler accepts and answers, as zod schemas that both the route
// handler (through route()) and the browser (through send()) use. Browser-safe: zod and types only.

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type Contract = {
  readonly method: Method;
  /** The route's path as the app/ folders spell it: `/api/teams/[id]/scopes`. */
  readonly path: `/api/${string}`;
  /** The dynamic segments of `path`. */
  readonly params?: z.ZodType<Record<string, string>, Record<string, string>>;
  readonly body?: z.ZodType;
  /** The successful answer. Plain JSON only (no Date, no transforms), so it reads back as it was sent. */
  readonly response: z.ZodType;
  /** The status of a successful answer; 200 unless the contract says otherwise. */
  readonly status?: 200 | 201 | 202;
};

export function defineContract<const C extends Contract>(contract: C): C {
  return contract;
}

/** What the handler receives, after validation. */
export type ParamsOf<C> = C extends { params: infer P extends z.ZodType } ? z.output<P> : undefined;
export type BodyOf<C> = C extends { body: infer B extends z.ZodType } ? z.output<B> : undefined;
/** What the handler returns on success (checked by route(), validated again before it is sent). */
export type ResponseOf<C extends Contract> = z.input<C["response"]>;
/** What the client gets back. */
export type AnswerOf<C extends Contract> = z.output<C["response"]>;

/** What the client sends: the params and body the contract names, before validation. */
export type SendInput<C> = (C extends { params: infer P extends z.ZodType } ? { params: z.input<P> } : unknown) &
  (C extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : unknown);

/** The URL of a contract's route with its dynamic segments filled in. */
export function contractUrl(contract: Contract, params: Record<string, string> = {}): string {
  return contract.path.replace(/\[(\w+)\]/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${contract.path}: no value for [${name}]`);
    return encodeURIComponent(value);
  });
}
