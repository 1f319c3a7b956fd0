import { describe, expect, it } from "vitest";
import { finishedRunStatus } from "./snapshot";

describe("finishedRunStatus", () => {
  it("is failed only when every unit failed, partial when any failed or was partial, else succeeded", () => {
    expect(finishedRunStatus({ total: 3, failed: 3, troubled: 3 })).toBe("failed");
    expect(finishedRunStatus({ total: 3, failed: 1, troubled: 1 })).toBe("partial");
    expect(finishedRunStatus({ total: 3, failed: 0, troubled: 2 })).toBe("partial");
    expect(finishedRunStatus({ total: 3, failed: 0, troubled: 0 })).toBe("succeeded");
    // A reader whose scope holds no unit of the run: nothing of theirs went wrong.
    expect(finishedRunStatus({ total: 0, failed: 0, troubled: 0 })).toBe("succeeded");
  });
});
