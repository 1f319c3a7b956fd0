import { z } from "zod";
import { optionalText, safeText } from "@/lib/domain/text";
import { findingStatuses, suppressionKinds } from "@/lib/domain/vocabulary";
import { slaSettingsSchema } from "@/lib/findings/sla";
import { defineContract } from "./define";
import { findingsFilter } from "./findings-filter";

// The triage workflow (issue 17): one finding's actions, the same actions over a selection or a
// whole filter in batches, the SLA settings and suppression rules.

const note = optionalText({ max: 2000, multiline: true });

/** What a person does to a finding. `assign` with a null assignee unassigns; `reopen` lifts a suppression. */
export const triageAction = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("acknowledge"), note }),
  z.strictObject({ action: z.literal("assign"), assigneeId: z.uuid().nullable() }),
  z.strictObject({ action: z.literal("comment"), text: safeText({ min: 1, max: 4000, multiline: true }) }),
  z.strictObject({
    action: z.literal("suppress"),
    reason: safeText({ min: 1, max: 2000, multiline: true }),
    kind: z.enum(suppressionKinds),
    /** When the suppression ends; omitted, the severity's maximum applies (if any). */
    until: z.iso.datetime({ offset: true }).nullish(),
  }),
  z.strictObject({ action: z.literal("reopen"), note }),
]);
export type TriageActionInput = z.input<typeof triageAction>;
export type TriageAction = z.output<typeof triageAction>;

const findingParams = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, "must be a finding id") });

const act = defineContract({
  method: "POST",
  path: "/api/findings/[id]/actions",
  params: findingParams,
  body: triageAction,
  response: z.object({
    changed: z.boolean(),
    status: z.enum(findingStatuses),
    assigneeId: z.string().nullable(),
    suppressedUntil: z.string().nullable(),
  }),
});

/** A bulk action's findings: the ids of a selection, or every finding a filter selects (within scope). */
export const bulkTarget = z.union([
  z.strictObject({
    ids: z
      .array(z.string().regex(/^[0-9a-f]{64}$/, "must be a finding id"))
      .min(1)
      .max(1000),
  }),
  z.strictObject({ filter: findingsFilter }),
]);
export type BulkTarget = z.infer<typeof bulkTarget>;

const count = defineContract({
  method: "POST",
  path: "/api/findings/bulk/count",
  body: z.strictObject({ target: bulkTarget }),
  response: z.object({ count: z.number() }),
});

/**
 * Applies an action to the target's findings after `after` (an id), in transactions of `batchSize`,
 * for about two seconds; the client calls again with the answer's `after` until `done`.
 */
const bulk = defineContract({
  method: "POST",
  path: "/api/findings/bulk",
  body: z.strictObject({
    target: bulkTarget,
    action: triageAction,
    after: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullish(),
    batchSize: z.int().min(1).max(5000).optional(),
  }),
  response: z.object({
    /** Findings looked at and changed by this call (refused ones: unchanged, out of an assignee's reach, …). */
    processed: z.number(),
    changed: z.number(),
    batches: z.number(),
    /** The last finding of the last committed batch: where to continue, or where a failure stopped. */
    after: z.string().nullable(),
    done: z.boolean(),
    /** A batch failed and was rolled back; the batches before it stay applied. */
    error: z.string().nullable(),
  }),
});

const saveSla = defineContract({
  method: "PUT",
  path: "/api/settings/sla",
  body: slaSettingsSchema,
  response: z.object({ settings: slaSettingsSchema, recomputed: z.number() }),
});

export const ruleFields = z
  .strictObject({
    checkId: z
      .string()
      .regex(/^[a-z0-9_]{1,128}$/, "must be a check id")
      .nullish(),
    resourcePattern: optionalText({ max: 500 }),
    accountId: z
      .string()
      .regex(/^\d{12}$/, "must be a 12-digit account id")
      .nullish(),
    ouId: z
      .string()
      .regex(/^(ou|r)-[0-9a-z-]{1,80}$/, "must be an OU id (ou-… or r-…)")
      .nullish(),
    environment: z.enum(["prod", "staging", "dev", "other"]).nullish(),
    tagKey: optionalText({ max: 128 }),
    tagValue: optionalText({ max: 256 }),
    reason: safeText({ min: 1, max: 2000, multiline: true }),
    kind: z.enum(suppressionKinds),
  })
  .refine((r) => !r.tagValue || r.tagKey, { path: ["tagKey"], message: "is required with a tag value" })
  .refine((r) => r.checkId || r.resourcePattern || r.accountId || r.ouId || r.environment || r.tagKey, {
    message: "name at least one condition: a rule matching everything would hide every finding",
  });
export type RuleInput = z.input<typeof ruleFields>;

const createRule = defineContract({
  method: "POST",
  path: "/api/suppression-rules",
  status: 201,
  body: ruleFields,
  response: z.object({ id: z.string(), suppressed: z.number() }),
});

const removeRule = defineContract({
  method: "DELETE",
  path: "/api/suppression-rules/[id]",
  params: z.object({ id: z.uuid() }),
  response: z.object({ deleted: z.string(), reopened: z.number() }),
});

export const triageApi = { act, count, bulk, saveSla, createRule, removeRule };
