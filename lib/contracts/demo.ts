import { z } from "zod";
import { demoStatusResponseSchema } from "@/lib/domain/demo";
import { defineContract } from "./define";

/** Whether the demo organization is there and how far it has loaded (the banner polls it). */
const status = defineContract({
  method: "GET",
  path: "/api/demo",
  response: demoStatusResponseSchema,
});

/** Removes the demo organization and all its simulated data. */
const remove = defineContract({
  method: "DELETE",
  path: "/api/demo",
  response: z.object({ removed: z.boolean() }),
});

/** The demo organization. */
export const demoApi = { status, remove };
