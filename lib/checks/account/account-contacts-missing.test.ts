import { describe, expect, it } from "vitest";
import type { AccountAlternateContacts } from "@/lib/aws/account/types";
import { evaluateUnit } from "../evaluate";
import { ACCOUNT, ctx } from "../fixtures";
import contacts from "./account-contacts-missing";

describe("account_contacts_missing", () => {
  const c = { email: "team@example.com" };
  const run = (v: AccountAlternateContacts) => contacts.evaluate(ctx({ accountAlternateContacts: v }));
  it("passes with all three contacts", () => {
    expect(run({ security: c, billing: c, operations: c })[0]).toMatchObject({
      resourceId: `${ACCOUNT}/alternate-contacts`,
      status: "pass",
      evidence: { missing: [] },
    });
  });
  it("fails and names the missing ones", () => {
    expect(run({ security: null, billing: c, operations: null })[0]).toMatchObject({
      status: "fail",
      evidence: { missing: ["SECURITY", "OPERATIONS"], configured: ["BILLING"] },
    });
  });
  it("gives no result when the contacts could not be read", () => {
    expect(evaluateUnit([contacts], ctx({}))).toEqual([]);
  });
});
