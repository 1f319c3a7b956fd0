import { route } from "@/lib/auth/server";
import { triageApi } from "@/lib/contracts/triage";
import { countFindings } from "@/lib/db/queries/triage";
import { bulkWhere } from "@/lib/triage/actions";

/** How many findings a bulk action would cover: the number the confirm step shows. Reads only. */
export const POST = route({ contract: triageApi.count, needs: "triager" }, async ({ viewer, db, body }) => ({
  count: await countFindings(
    db,
    bulkWhere(body.target, { scope: viewer.scope, userId: viewer.user.id, now: new Date() }),
  ),
}));
