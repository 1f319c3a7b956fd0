import { NextResponse } from "next/server";
import { auditAs, route } from "@/lib/auth/server";
import { demoStatus, getDemoState, removeDemoOrganization } from "@/lib/db/queries/demo";
import { demoOrganization } from "@/lib/demo/organization";
import type { DemoStatusResponse } from "@/lib/domain/demo";

/** Whether the demo organization is there and how far it has loaded: the banner polls it while it loads. */
export const GET = route({ needs: "viewer" }, async ({ db }) => {
  const body: DemoStatusResponse = { demo: demoStatus(await getDemoState(db)) };
  return NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
});

/**
 * Removes the demo organization and all its simulated data (admins only). Real organizations are
 * untouched, and the demo is not loaded again at the next start (`npm run demo` brings it back).
 */
export const DELETE = route({ needs: "admin" }, async ({ viewer, db }) => {
  const state = await getDemoState(db);
  if (!state.present) return NextResponse.json({ error: "There is no demo organization to remove." }, { status: 404 });
  // Removing it while it loads would race the loader, which goes on writing into it; a load that
  // stopped (`npm run demo` interrupted on a PostgreSQL server) can go.
  if (!state.loaded && !state.loading?.stalled)
    return NextResponse.json(
      { error: "The demo organization is still loading; try again in a minute." },
      { status: 409 },
    );
  const result = await removeDemoOrganization(db, {
    demoCheckSettings: demoOrganization.checkSettings,
    by: viewer.user.id,
  });
  await auditAs(db, viewer, {
    action: "demo.remove",
    outcome: "success",
    target: { type: "organization", id: state.organizationId },
    details: { removed: result.removed },
  });
  return NextResponse.json({ removed: result.removed }, { headers: { "Cache-Control": "no-store" } });
});
