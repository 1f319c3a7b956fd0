import { NextResponse } from "next/server";
import { auditAs, route } from "@/lib/auth/server";
import { getDemoState, removeDemoOrganization } from "@/lib/db/queries/demo";
import { demoOrganization } from "@/lib/demo/organization";

/**
 * Removes the demo organization and all its simulated data (admins only). Real organizations are
 * untouched, and the demo is not loaded again at the next start (`npm run demo` brings it back).
 */
export const DELETE = route({ needs: "admin" }, async ({ viewer, db }) => {
  const state = await getDemoState(db);
  if (!state.present) return NextResponse.json({ error: "There is no demo organization to remove." }, { status: 404 });
  // Removing it while it loads would race the loader, which goes on writing into it.
  if (!state.loaded)
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
