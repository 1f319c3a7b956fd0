import { afterEach, describe, expect, it, vi } from "vitest";
import { collectionsApi } from "@/lib/contracts/collections";
import { demoApi } from "@/lib/contracts/demo";
import { teamsApi } from "@/lib/contracts/teams";
import { ApiError, send } from "./api";

const TEAM = "6f1c2a8e-3b7d-4c55-9a0e-2d4b8f1e7c90";

function answer(status: number, body: unknown) {
  const fetch = vi.fn(async () =>
    typeof body === "string"
      ? new Response(body, { status, headers: { "Content-Type": "text/html" } })
      : Response.json(body, { status }),
  );
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

describe("send", () => {
  it("calls the contract's route with its params in the path and its body as JSON, same-origin", async () => {
    const fetch = answer(201, { scope: { id: "s-1", kind: "environment", value: "prod", teamId: TEAM } });
    const result = await send(teamsApi.addScope, {
      params: { id: TEAM },
      body: { kind: "environment", value: "prod" },
    });
    // Only what the contract names comes back.
    expect(result).toEqual({ scope: { id: "s-1", kind: "environment", value: "prod" } });
    expect(fetch).toHaveBeenCalledWith(`/api/teams/${TEAM}/scopes`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify({ kind: "environment", value: "prod" }),
      credentials: "same-origin",
    });
  });

  it("sends no body when the contract has none, and escapes path values", async () => {
    const fetch = answer(200, { removed: true });
    expect(await send(demoApi.remove)).toEqual({ removed: true });
    expect(fetch).toHaveBeenLastCalledWith("/api/demo", expect.objectContaining({ method: "DELETE", body: undefined }));
    answer(200, { deleted: "x" });
    await send(teamsApi.removeScope, { params: { id: "a/b", scopeId: "../c" } });
    expect(vi.mocked(globalThis.fetch)).toHaveBeenLastCalledWith("/api/teams/a%2Fb/scopes/..%2Fc", expect.anything());
  });

  it("throws the route's error answer as an ApiError: message, status, code and fields", async () => {
    answer(409, { error: "A team with this name exists.", code: "conflict", fields: { name: ["is taken"] } });
    const error = await send(teamsApi.create, { body: { name: "payments" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      message: "A team with this name exists.",
      status: 409,
      code: "conflict",
      fields: { name: ["is taken"] },
      target: null,
    });
  });

  it("quotes a 500's reference, keeps a 409's target, and tells a 401 to sign in again", async () => {
    answer(500, { error: "something went wrong", code: "internal", reference: "abc-123" });
    await expect(send(demoApi.remove)).rejects.toThrow("something went wrong (reference abc-123)");
    answer(409, { error: "busy", code: "busy", target: { type: "run", id: "r-1" } });
    await expect(send(collectionsApi.collectNow)).rejects.toMatchObject({
      code: "busy",
      target: { type: "run", id: "r-1" },
    });
    answer(401, { error: "sign in first", code: "unauthenticated" });
    await expect(send(demoApi.remove)).rejects.toMatchObject({
      message: "Your session has ended. Sign in again.",
      status: 401,
      code: "unauthenticated",
    });
  });

  it("says only the status for an answer that is not ours (a proxy's HTML page)", async () => {
    answer(502, "<html>Bad gateway</html>");
    await expect(send(demoApi.remove)).rejects.toMatchObject({
      message: "request failed (502)",
      status: 502,
      code: null,
    });
  });

  it("refuses a successful answer that does not match the contract", async () => {
    answer(202, { kind: "started" });
    await expect(send(collectionsApi.collectNow)).rejects.toThrow("unexpected answer from the server (202)");
  });
});
