import { AccessAnalyzerClient, ListAnalyzersCommand } from "@aws-sdk/client-accessanalyzer";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { listAccessAnalyzers } from "./accessanalyzer";

const mock = mockClient(AccessAnalyzerClient);
afterEach(() => mock.reset());
const client = () =>
  new AccessAnalyzerClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });

describe("listAccessAnalyzers", () => {
  it("follows pages and maps analyzers", async () => {
    const created = new Date("2025-01-01T00:00:00Z");
    mock
      .on(ListAnalyzersCommand)
      .resolvesOnce({
        nextToken: "t1",
        analyzers: [
          {
            arn: "arn:aws:access-analyzer:us-east-1:1:analyzer/a",
            name: "a",
            type: "ACCOUNT",
            status: "ACTIVE",
            createdAt: created,
          },
        ],
      })
      .resolves({
        analyzers: [
          {
            arn: "arn:aws:access-analyzer:us-east-1:1:analyzer/b",
            name: "b",
            type: "ACCOUNT_UNUSED_ACCESS",
            status: "DISABLED",
            createdAt: created,
          },
        ],
      });
    expect(await listAccessAnalyzers(client())).toEqual([
      { arn: "arn:aws:access-analyzer:us-east-1:1:analyzer/a", name: "a", type: "ACCOUNT", status: "ACTIVE" },
      {
        arn: "arn:aws:access-analyzer:us-east-1:1:analyzer/b",
        name: "b",
        type: "ACCOUNT_UNUSED_ACCESS",
        status: "DISABLED",
      },
    ]);
    const calls = mock.commandCalls(ListAnalyzersCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input).toMatchObject({ nextToken: "t1" });
  });
  it("returns an empty list for a region without analyzers, and lets AccessDenied propagate", async () => {
    mock
      .on(ListAnalyzersCommand)
      .resolvesOnce({ analyzers: [] })
      .rejectsOnce(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    expect(await listAccessAnalyzers(client())).toEqual([]);
    await expect(listAccessAnalyzers(client())).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});
