import { z } from "zod";
import { ACCESS_KEY_ID } from "@/lib/domain/links";
import { optionalText, safeText } from "@/lib/domain/text";
import { environments } from "@/lib/domain/vocabulary";
import { defineContract } from "./define";

const ACCESS_KEY_MESSAGE =
  "must be an AWS access key id: AKIA or ASIA followed by 16 upper-case letters A–Z and digits 2–7 (never the secret key)";

/** What an admin registers: the public key id only, where it was planted and who owns it. */
export const canaryFields = {
  accessKeyId: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.string().regex(ACCESS_KEY_ID, ACCESS_KEY_MESSAGE)),
  label: safeText({ min: 1, max: 120 }),
  plantedIn: optionalText({ max: 300 }),
  system: optionalText({ max: 120 }),
  repository: optionalText({ max: 300 }),
  environment: z.enum(environments, "must be prod, staging, dev or other"),
  ownerAccountId: z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id"),
  iamUserName: z
    .string()
    .trim()
    .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM user name (letters, digits and +=,.@_-, at most 64)"),
  owner: optionalText({ max: 200 }),
};

const canary = z.object({ id: z.string(), accessKeyId: z.string(), label: z.string() });

const create = defineContract({
  method: "POST",
  path: "/api/canaries",
  status: 201,
  body: z.strictObject(canaryFields),
  response: z.object({ canary }),
});

/** Retires a canary: it is no longer watched; its events stay. */
const retire = defineContract({
  method: "DELETE",
  path: "/api/canaries/[id]",
  params: z.object({ id: z.uuid() }),
  response: z.object({ retired: z.string() }),
});

export const canariesApi = { create, retire };
