// What the account readers return: plain types, no SDK types.

/** An alternate contact; null when none is set. Only the address is kept, for evidence. */
export type AlternateContact = { email: string } | null;

export type AccountAlternateContacts = {
  security: AlternateContact;
  billing: AlternateContact;
  operations: AlternateContact;
};
