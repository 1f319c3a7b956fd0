import { AccountClient, GetAlternateContactCommand } from "@aws-sdk/client-account";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { getAlternateContacts } from "./account";

const mock = mockClient(AccountClient);
afterEach(() => mock.reset());
const client = () =>
  new AccountClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const err = (name: string) => Object.assign(new Error(name), { name });

describe("getAlternateContacts", () => {
  it("reads the three contact types; a missing one (ResourceNotFoundException) is null", async () => {
    mock.on(GetAlternateContactCommand, { AlternateContactType: "SECURITY" }).resolves({
      AlternateContact: {
        AlternateContactType: "SECURITY",
        EmailAddress: "sec@example.com",
        Name: "Sec",
        PhoneNumber: "+1",
        Title: "CISO",
      },
    });
    mock.on(GetAlternateContactCommand, { AlternateContactType: "BILLING" }).rejects(err("ResourceNotFoundException"));
    mock
      .on(GetAlternateContactCommand, { AlternateContactType: "OPERATIONS" })
      .resolves({ AlternateContact: { EmailAddress: "ops@example.com" } });
    expect(await getAlternateContacts(client())).toEqual({
      security: { email: "sec@example.com" },
      billing: null,
      operations: { email: "ops@example.com" },
    });
    expect(mock.commandCalls(GetAlternateContactCommand)).toHaveLength(3);
  });
  it("lets AccessDenied propagate", async () => {
    mock.on(GetAlternateContactCommand).rejects(err("AccessDeniedException"));
    await expect(getAlternateContacts(client())).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});
