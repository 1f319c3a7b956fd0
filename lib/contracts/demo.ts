import { z } from "zod";
import { defineContract } from "./define";

/** Removes the demo organization and all its simulated data. */
const remove = defineContract({
  method: "DELETE",
  path: "/api/demo",
  response: z.object({ removed: z.boolean() }),
});

/** The demo organization. */
export const demoApi = { remove };
