import { auditAs, route } from "@/lib/auth/server";
import { canariesApi } from "@/lib/contracts/canaries";
import { problem } from "@/lib/contracts/errors";
import { registerCanaryKey } from "@/lib/db/queries/canaries";

export const POST = route({ contract: canariesApi.create, needs: "admin" }, async ({ viewer, db, body }) =>
  db.transaction(async (tx) => {
    const result = await registerCanaryKey(tx, body);
    if (!result.ok)
      return problem("conflict", "This access key id is already registered as a canary.", {
        fields: { accessKeyId: ["is already registered"] },
      });
    await auditAs(tx, viewer, {
      action: "canary.create",
      outcome: "success",
      target: { type: "canary", id: result.id },
      details: {
        accessKeyId: body.accessKeyId,
        label: body.label,
        environment: body.environment,
        ownerAccountId: body.ownerAccountId,
        iamUserName: body.iamUserName,
      },
    });
    return { canary: { id: result.id, accessKeyId: body.accessKeyId, label: body.label } };
  }),
);
