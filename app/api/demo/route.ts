import { auditAs, route } from "@/lib/auth/server";
import { demoApi } from "@/lib/contracts/demo";
import { problem } from "@/lib/contracts/errors";
import { demoStatus, getDemoState, removeDemoOrganization } from "@/lib/db/queries/demo";
import { demoOrganization } from "@/lib/demo/organization";

/** Whether the demo organization is there and how far it has loaded: the banner polls it while it loads. */
export const GET = route({ contract: demoApi.status, needs: "viewer" }, async ({ db }) => ({
  demo: demoStatus(await getDemoState(db)),
}));

/**
 * Removes the demo organization and all its simulated data (admins only). Real organizations are
 * untouched, and the demo is not loaded again at the next start (`npm run demo` brings it back).
 */
export const DELETE = route({ contract: demoApi.remove, needs: "admin" }, async ({ viewer, db }) =>
  db.transaction(async (tx) => {
    const state = await getDemoState(tx);
    if (!state.present) return problem("not-found", "There is no demo organization to remove.");
    // Removing it while it loads would race the loader, which goes on writing into it; a load that
    // stopped (`npm run demo` interrupted on a PostgreSQL server) can go.
    if (!state.loaded && !state.loading?.stalled)
      return problem("conflict", "The demo organization is still loading; try again in a minute.");
    const result = await removeDemoOrganization(tx, {
      demoCheckSettings: demoOrganization.checkSettings,
      by: viewer.user.id,
    });
    await auditAs(tx, viewer, {
      action: "demo.remove",
      outcome: "success",
      target: { type: "organization", id: state.organizationId },
      details: { removed: result.removed },
    });
    return { removed: result.removed };
  }),
);
