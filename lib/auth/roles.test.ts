import { describe, expect, it } from "vitest";
import { roles, type Role } from "@/lib/domain/vocabulary";
import { groupsFromClaim, hasRole, highestRole, roleFromGroups, type RoleRule } from "./roles";

describe("hasRole", () => {
  it("orders admin above triager above viewer", () => {
    const grid = roles.map((role) => roles.map((needed) => hasRole(role, needed)));
    // Rows: admin, triager, viewer; columns: needs admin, triager, viewer.
    expect(grid).toEqual([
      [true, true, true],
      [false, true, true],
      [false, false, true],
    ]);
  });

  it("grants nothing to a user without a role", () => {
    for (const needed of roles) {
      expect(hasRole(null, needed)).toBe(false);
      expect(hasRole(undefined, needed)).toBe(false);
    }
  });
});

describe("highestRole", () => {
  it("picks the strongest role whatever the order", () => {
    expect(highestRole(["viewer", "admin", "triager"])).toBe("admin");
    expect(highestRole(["triager", "viewer"])).toBe("triager");
    expect(highestRole(new Set<Role>(["viewer"]))).toBe("viewer");
  });

  it("is null for no roles", () => {
    expect(highestRole([])).toBeNull();
  });
});

describe("roleFromGroups", () => {
  const rules: RoleRule[] = [
    { group: "posture-admins", role: "admin" },
    { group: "secops", role: "triager" },
    { group: "finance", role: "viewer" },
    { group: "/team/payments", role: "viewer" },
  ];

  it("grants the highest role any of the user's groups maps to", () => {
    expect(roleFromGroups(["finance", "secops"], rules)).toBe("triager");
    expect(roleFromGroups(["finance", "posture-admins", "secops"], rules)).toBe("admin");
    expect(roleFromGroups(["finance"], rules)).toBe("viewer");
  });

  it("grants nothing for unmapped groups, no groups or no rules", () => {
    expect(roleFromGroups(["engineering"], rules)).toBeNull();
    expect(roleFromGroups([], rules)).toBeNull();
    expect(roleFromGroups(["posture-admins"], [])).toBeNull();
  });

  it("matches group names exactly: case, prefixes and paths matter", () => {
    expect(roleFromGroups(["Posture-Admins"], rules)).toBeNull();
    expect(roleFromGroups(["posture-admins-readonly"], rules)).toBeNull();
    expect(roleFromGroups(["posture"], rules)).toBeNull();
    expect(roleFromGroups(["team/payments"], rules)).toBeNull();
    expect(roleFromGroups(["/team/payments"], rules)).toBe("viewer");
  });

  it("lets several rules name the same group, the highest winning", () => {
    expect(
      roleFromGroups(
        ["ops"],
        [
          { group: "ops", role: "viewer" },
          { group: "ops", role: "triager" },
        ],
      ),
    ).toBe("triager");
  });
});

describe("groupsFromClaim", () => {
  it("takes an array of strings, dropping duplicates, empties and non-strings", () => {
    expect(groupsFromClaim(["a", "b", "a", "", 3, null, { name: "c" }, "c"])).toEqual(["a", "b", "c"]);
  });

  it("takes a single string as one group", () => {
    expect(groupsFromClaim("posture-admins")).toEqual(["posture-admins"]);
    expect(groupsFromClaim("")).toEqual([]);
  });

  it("keeps Keycloak's full-path groups as given", () => {
    expect(groupsFromClaim(["/team/payments", "/team/payments/leads"])).toEqual([
      "/team/payments",
      "/team/payments/leads",
    ]);
  });

  it("gives no groups for a missing or unexpected claim", () => {
    for (const value of [undefined, null, 42, true, { groups: ["a"] }]) expect(groupsFromClaim(value)).toEqual([]);
  });
});
