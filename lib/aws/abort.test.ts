import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { onAbort, sharedAbortSignal } from "./abort";

describe("onAbort", () => {
  it("calls every waiting listener once, through one listener on the signal", () => {
    const controller = new AbortController();
    const calls = Array.from({ length: 50 }, () => vi.fn());
    const offs = calls.map((fn) => onAbort(controller.signal, fn));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    offs[0]!();
    controller.abort();
    controller.abort();
    expect(calls.map((fn) => fn.mock.calls.length)).toEqual([0, ...Array<number>(49).fill(1)]);
  });

  it("does not call a listener added after the abort, as addEventListener would not", () => {
    const controller = new AbortController();
    controller.abort();
    const late = vi.fn();
    onAbort(controller.signal, late);
    expect(late).not.toHaveBeenCalled();
  });
});

describe("sharedAbortSignal", () => {
  it("stands for the signal: same state and reason, listeners added and removed without touching it", () => {
    const controller = new AbortController();
    const shared = sharedAbortSignal(controller.signal);
    expect(sharedAbortSignal(controller.signal)).toBe(shared);
    const kept = vi.fn();
    const removed = vi.fn();
    for (let i = 0; i < 20; i++) shared.addEventListener("abort", () => kept());
    shared.addEventListener("abort", removed);
    shared.removeEventListener("abort", removed);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    expect(shared.aborted).toBe(false);
    controller.abort(new Error("deadline"));
    expect([shared.aborted, (shared.reason as Error).message]).toEqual([true, "deadline"]);
    expect([kept.mock.calls.length, removed.mock.calls.length]).toEqual([20, 0]);
  });
});
