import { DescribeRepositoriesCommand, ECRClient, GetRegistryScanningConfigurationCommand } from "@aws-sdk/client-ecr";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { getEcrRegistryScanning, listEcrRepositories } from "./ecr";

const ecrMock = mockClient(ECRClient);
afterEach(() => ecrMock.reset());
const client = () => new ECRClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const denied = () =>
  Object.assign(new Error("not authorized"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } });

describe("listEcrRepositories", () => {
  it("maps every page of DescribeRepositories", async () => {
    ecrMock
      .on(DescribeRepositoriesCommand, { nextToken: undefined })
      .resolves({
        repositories: [
          {
            repositoryArn: "arn:aws:ecr:us-east-1:111122223333:repository/app",
            repositoryName: "app",
            imageScanningConfiguration: { scanOnPush: true },
          },
        ],
        nextToken: "t2",
      })
      .on(DescribeRepositoriesCommand, { nextToken: "t2" })
      .resolves({
        repositories: [{ repositoryArn: "arn:aws:ecr:us-east-1:111122223333:repository/web", repositoryName: "web" }],
      });
    await expect(listEcrRepositories(client())).resolves.toEqual([
      { arn: "arn:aws:ecr:us-east-1:111122223333:repository/app", name: "app", scanOnPush: true },
      { arn: "arn:aws:ecr:us-east-1:111122223333:repository/web", name: "web", scanOnPush: false },
    ]);
    expect(ecrMock.commandCalls(DescribeRepositoriesCommand)).toHaveLength(2);
  });

  it("lets AccessDenied through", async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(denied());
    await expect(listEcrRepositories(client())).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});

describe("getEcrRegistryScanning", () => {
  it("maps the scan type and rules", async () => {
    ecrMock.on(GetRegistryScanningConfigurationCommand).resolves({
      registryId: "111122223333",
      scanningConfiguration: {
        scanType: "ENHANCED",
        rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }],
      },
    });
    await expect(getEcrRegistryScanning(client())).resolves.toEqual({
      scanType: "ENHANCED",
      rules: [{ frequency: "CONTINUOUS_SCAN", filters: ["*"] }],
    });
  });

  it("reads a registry never configured as basic scanning without rules", async () => {
    ecrMock.on(GetRegistryScanningConfigurationCommand).resolves({ registryId: "111122223333" });
    await expect(getEcrRegistryScanning(client())).resolves.toEqual({ scanType: "BASIC", rules: [] });
  });

  it("lets AccessDenied through", async () => {
    ecrMock.on(GetRegistryScanningConfigurationCommand).rejects(denied());
    await expect(getEcrRegistryScanning(client())).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});
