import type { Role } from "@/lib/domain/vocabulary";

const rank: Record<Role, number> = { viewer: 1, triager: 2, admin: 3 };

/** Whether `role` includes the rights of `needed` (admin ⊃ triager ⊃ viewer). */
export function hasRole(role: Role | null | undefined, needed: Role): boolean {
  return role != null && rank[role] >= rank[needed];
}

export function highestRole(roles: Iterable<Role>): Role | null {
  let best: Role | null = null;
  for (const r of roles) if (best === null || rank[r] > rank[best]) best = r;
  return best;
}

export type RoleRule = { group: string; role: Role };

/** The role an IdP's groups grant under the configured rules (the highest wins), or null. */
export function roleFromGroups(groups: readonly string[], rules: readonly RoleRule[]): Role | null {
  const have = new Set(groups);
  return highestRole(rules.filter((r) => have.has(r.group)).map((r) => r.role));
}

/**
 * Groups from a claim value. Providers send an array of strings (Okta, Entra, Keycloak), a single
 * string, or nothing; Keycloak's full-path groups ("/team/payments") are matched as given.
 */
export function groupsFromClaim(value: unknown): string[] {
  if (typeof value === "string") return value ? [value] : [];
  if (Array.isArray(value))
    return [...new Set(value.filter((v): v is string => typeof v === "string" && v.length > 0))];
  return [];
}
