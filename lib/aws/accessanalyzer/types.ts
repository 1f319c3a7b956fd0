// What the accessanalyzer readers return: plain types, no SDK types.

export type AccessAnalyzer = {
  arn: string;
  name: string;
  /** ACCOUNT / ORGANIZATION (external access), or the *_UNUSED_ACCESS / *_INTERNAL_ACCESS kinds. */
  type: string;
  /** ACTIVE, CREATING, DISABLED or FAILED. */
  status: string;
};
