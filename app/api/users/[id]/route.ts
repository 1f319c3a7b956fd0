import { auditAs, route } from "@/lib/auth/server";
import { problem } from "@/lib/contracts/errors";
import { usersApi } from "@/lib/contracts/users";
import { followIdpRole, setUserDisabled, setUserRole, type UserChangeRefusal } from "@/lib/db/queries/admin-users";

const refusals: Record<Exclude<UserChangeRefusal, "not_found">, { role: string; disable: string }> = {
  self: {
    role: "You cannot take away your own admin role. Ask another admin.",
    disable: "You cannot disable yourself. Ask another admin.",
  },
  last_admin: {
    role: "This is the last active admin. Make another user admin first.",
    disable: "This is the last active admin. Make another user admin first.",
  },
};

export const PATCH = route({ contract: usersApi.update, needs: "admin" }, async ({ viewer, db, params, body }) => {
  const target = { type: "user", id: params.id };
  const notFound = () => problem("not-found", "user not found");

  if ("role" in body) {
    return db.transaction(async (tx) => {
      const result = await setUserRole(tx, { userId: params.id, role: body.role, actorId: viewer.user.id });
      if (!result.ok) {
        if (result.reason === "not_found") return notFound();
        await auditAs(tx, viewer, {
          action: "user.role_change",
          outcome: "denied",
          target,
          details: { to: body.role, reason: result.reason },
        });
        return problem("refused", refusals[result.reason].role);
      }
      await auditAs(tx, viewer, {
        action: "user.role_change",
        outcome: "success",
        target,
        details: {
          email: result.email,
          from: result.from.role,
          fromSource: result.from.source,
          to: result.to.role,
          by: "admin",
        },
      });
      return { role: result.to.role, roleSource: result.to.source };
    });
  }

  if ("disabled" in body) {
    const action = body.disabled ? "user.disable" : "user.enable";
    return db.transaction(async (tx) => {
      const result = await setUserDisabled(tx, {
        userId: params.id,
        disabled: body.disabled,
        actorId: viewer.user.id,
        now: new Date(),
      });
      if (!result.ok) {
        if (result.reason === "not_found") return notFound();
        await auditAs(tx, viewer, { action, outcome: "denied", target, details: { reason: result.reason } });
        return problem("refused", refusals[result.reason].disable);
      }
      await auditAs(tx, viewer, {
        action,
        outcome: "success",
        target,
        details: { email: result.email, changed: result.changed, revokedSessions: result.revokedSessions },
      });
      return { disabled: body.disabled, revokedSessions: result.revokedSessions };
    });
  }

  return db.transaction(async (tx) => {
    const result = await followIdpRole(tx, params.id);
    if (!result.ok && result.reason === "not_found") return notFound();
    if (!result.ok) return problem("refused", "This user's role already follows the identity provider.");
    await auditAs(tx, viewer, {
      action: "user.role_follow_idp",
      outcome: "success",
      target,
      details: { email: result.email, role: result.role },
    });
    return { role: result.role, roleSource: result.role ? ("idp" as const) : null };
  });
});
