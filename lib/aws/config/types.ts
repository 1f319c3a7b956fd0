// What the config readers return: plain types, no SDK types.

export type ConfigRecorder = {
  name: string;
  roleArn?: string;
  /** Records every supported resource type (CIS 3.3 asks for it). */
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  recording: boolean;
  /** Success / Failure / Pending of the last recording attempt, when known. */
  lastStatus?: string;
};
