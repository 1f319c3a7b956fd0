// What the iam readers return: plain types, no SDK types.

export type IamAccountSummary = {
  accountMfaEnabled: boolean;
  accountAccessKeysPresent: boolean;
  users: number;
  /** Every counter GetAccountSummary returned, for evidence. */
  raw: Record<string, number>;
};

/** One access key slot of a credential report row. */
export type CredentialReportKey = { active: boolean; lastRotated: Date | null; lastUsed: Date | null };

/** One credential report row; dates are null for "N/A", "no_information", "not_supported" or empty. */
export type CredentialReportEntry = {
  user: string;
  arn: string;
  /** The `<root_account>` row. */
  root: boolean;
  userCreatedAt: Date | null;
  /** Null when the report says "not_supported" (the root row). */
  passwordEnabled: boolean | null;
  passwordLastUsed: Date | null;
  passwordLastChanged: Date | null;
  mfaActive: boolean;
  accessKeys: [CredentialReportKey, CredentialReportKey];
};

export type IamCredentialReport = {
  /** When IAM generated the report: the reference time for every age the checks compute. */
  generatedAt: Date;
  entries: CredentialReportEntry[];
};

/** A policy statement, normalised: single values become arrays. */
export type PolicyStatement = {
  effect: "Allow" | "Deny";
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  /** Operator → condition key → values ({} without a Condition block). */
  condition: Record<string, Record<string, string[]>>;
};

/** Null when the document could not be decoded or parsed. */
export type PolicyDocument = { statements: PolicyStatement[] } | null;

export type IamPolicyRef = { name: string; arn: string };

export type IamInlinePolicy = { name: string; document: PolicyDocument };

export type IamPrincipalDetail = {
  name: string;
  arn: string;
  attachedPolicies: IamPolicyRef[];
  inlinePolicies: IamInlinePolicy[];
};

export type IamUserDetail = IamPrincipalDetail & { groups: string[] };

export type IamGroupDetail = IamPrincipalDetail;

export type IamRoleDetail = IamPrincipalDetail & { path: string };

/** A customer-managed policy with its default version's document. */
export type IamManagedPolicy = {
  name: string;
  arn: string;
  attachmentCount: number;
  defaultVersionId?: string;
  document: PolicyDocument;
};

export type IamAuthorizationDetails = {
  users: IamUserDetail[];
  groups: IamGroupDetail[];
  roles: IamRoleDetail[];
  /** Customer-managed policies only: AWS-managed ones are recognised by ARN. */
  policies: IamManagedPolicy[];
};

export type IamPasswordPolicy =
  | { configured: false }
  | {
      configured: true;
      minimumPasswordLength: number;
      passwordReusePrevention: number | null;
      requireUppercase: boolean;
      requireLowercase: boolean;
      requireNumbers: boolean;
      requireSymbols: boolean;
    };

export type IamServerCertificate = {
  name: string;
  arn: string;
  /** null when IAM did not say. */
  expiration: Date | null;
  uploadDate: Date | null;
};
