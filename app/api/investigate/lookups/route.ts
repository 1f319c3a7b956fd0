import { auditAs, route } from "@/lib/auth/server";
import { problem } from "@/lib/contracts/errors";
import { investigateApi, lookupTarget } from "@/lib/contracts/investigate";
import { getDemoState } from "@/lib/db/queries/demo";
import { createLookup, getLookup, listLookupAccountIds, toLookupProgress } from "@/lib/db/queries/lookups";
import { lookupBlock, requestLookup } from "@/lib/jobs";

/**
 * "Look up in CloudTrail": triagers and admins, in the accounts they may see. The lookup and its audit
 * entry are written together, then a job reads CloudTrail (a worker, or this process when embedded);
 * the page polls its progress.
 */
export const POST = route({ contract: investigateApi.startLookup, needs: "triager" }, async ({ viewer, db, body }) => {
  const target = lookupTarget(body.q);
  if (!target)
    return problem("invalid-input", "CloudTrail can be searched by an access key id or a user or session name.", {
      fields: { q: ["must be an access key id (AKIA…, ASIA…), an IAM user or role session name, or its ARN"] },
    });
  if ((await getDemoState(db)).present)
    return problem("invalid-input", "The demo organization is simulated: there is no CloudTrail to look up.");
  const blocked = lookupBlock();
  if (blocked) return problem("no-credentials", blocked);
  const accountIds = await listLookupAccountIds(db, { scope: viewer.scope });
  if (accountIds.length === 0)
    return problem("invalid-input", "You may see no active account: there is nowhere to look.", {
      fields: { q: ["no account in your scope"] },
    });
  const id = await db.transaction(async (tx) => {
    const lookupId = await createLookup(tx, { ...target, days: body.days, accountIds, requestedBy: viewer.user.id });
    await auditAs(tx, viewer, {
      action: "investigation.lookup",
      outcome: "success",
      target: { type: "principal", id: target.subject },
      details: { lookupId, attribute: target.attribute, days: body.days, accounts: accountIds.length },
    });
    return lookupId;
  });
  if (!(await requestLookup(id)))
    return problem("no-collector", "No collector in this process can run the lookup; see the server log.");
  const lookup = await getLookup(db, { id, userId: viewer.user.id, admin: true });
  return { lookup: toLookupProgress(lookup!) };
});
