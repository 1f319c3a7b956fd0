import { GetAlternateContactCommand, type AccountClient, type AlternateContactType } from "@aws-sdk/client-account";
import type { AccountAlternateContacts, AlternateContact } from "./types";

async function getContact(
  client: AccountClient,
  type: AlternateContactType,
  signal?: AbortSignal,
): Promise<AlternateContact> {
  try {
    const out = await client.send(new GetAlternateContactCommand({ AlternateContactType: type }), {
      abortSignal: signal,
    });
    return out.AlternateContact ? { email: out.AlternateContact.EmailAddress ?? "" } : null;
  } catch (err) {
    // AWS answers ResourceNotFoundException for a contact type that was never set.
    if ((err as { name?: string }).name === "ResourceNotFoundException") return null;
    throw err;
  }
}

/** The calling account's security, billing and operations contacts. */
export async function getAlternateContacts(
  client: AccountClient,
  signal?: AbortSignal,
): Promise<AccountAlternateContacts> {
  const [security, billing, operations] = await Promise.all([
    getContact(client, "SECURITY", signal),
    getContact(client, "BILLING", signal),
    getContact(client, "OPERATIONS", signal),
  ]);
  return { security, billing, operations };
}
