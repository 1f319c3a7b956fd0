import { route } from "@/lib/auth/server";
import { triageApi } from "@/lib/contracts/triage";
import { bulkWhere, runBulk } from "@/lib/triage/actions";

/** A request's share of the work: the client calls again from `after` and shows the progress. */
const BUDGET_MS = 2000;

/** An action over a selection or a filter in the viewer's scope, one transaction (and audit entry) per batch. */
export const POST = route({ contract: triageApi.bulk, needs: "triager" }, async ({ viewer, db, body }) => {
  const now = new Date();
  return runBulk(db, {
    where: bulkWhere(body.target, { scope: viewer.scope, userId: viewer.user.id, now }),
    action: body.action,
    actor: { id: viewer.user.id, email: viewer.user.email, ip: viewer.ip },
    now,
    after: body.after,
    batchSize: body.batchSize,
    deadline: Date.now() + BUDGET_MS,
    target: "ids" in body.target ? { ids: body.target.ids.length } : { filter: body.target.filter },
  });
});
