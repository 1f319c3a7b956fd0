import { hasRole } from "@/lib/auth/roles";
import { route } from "@/lib/auth/server";
import { problem } from "@/lib/contracts/errors";
import { investigateApi } from "@/lib/contracts/investigate";
import { getLookup, toLookupProgress } from "@/lib/db/queries/lookups";

/** A lookup's progress: its requester's (admins: any); another's answers 404 like one that does not exist. */
export const GET = route(
  { contract: investigateApi.lookupProgress, needs: "triager" },
  async ({ viewer, db, params }) => {
    const row = await getLookup(db, { id: params.id, userId: viewer.user.id, admin: hasRole(viewer.role, "admin") });
    return row ? { lookup: toLookupProgress(row) } : problem("not-found", "no such lookup");
  },
);
