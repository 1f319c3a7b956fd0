// Plain inventory types: what lib/aws returns and lib/checks evaluates. No SDK types leak past here.

export type IamAccountSummary = {
  accountMfaEnabled: boolean;
  accountAccessKeysPresent: boolean;
  users: number;
  /** Every counter GetAccountSummary returned, for evidence. */
  raw: Record<string, number>;
};

export type S3AccountPublicAccessBlock = {
  /** False when no account-level configuration exists (NoSuchPublicAccessBlockConfiguration). */
  configured: boolean;
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
};

export type IpPermission = {
  /** "-1" for all protocols. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  ipv4Ranges: string[];
  ipv6Ranges: string[];
};

export type SecurityGroup = {
  groupId: string;
  groupName: string;
  vpcId?: string;
  description?: string;
  ingress: IpPermission[];
};

/**
 * What one account's global unit collected. A key is absent when it could not be read. Each reader
 * group adds its keys from its own module by interface merging:
 *   declare module "@/lib/aws/types" { interface GlobalInventory { passwordPolicy?: PasswordPolicy } }
 */
export interface GlobalInventory {
  iamAccountSummary?: IamAccountSummary;
  s3AccountPublicAccessBlock?: S3AccountPublicAccessBlock;
}

/** What one account × region unit collected. A key is absent when it could not be read. */
export interface RegionalInventory {
  securityGroups?: SecurityGroup[];
}

export type InventoryKey = keyof GlobalInventory | keyof RegionalInventory;
