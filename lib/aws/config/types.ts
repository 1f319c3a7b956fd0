// What the config readers return: plain types, no SDK types.

export type ConfigRecorder = {
  name: string;
  roleArn?: string;
  /** Records every supported resource type (CIS 3.3 asks for it). */
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  /** recordingStrategy.useOnly: ALL_SUPPORTED_RESOURCE_TYPES, INCLUSION_BY_RESOURCE_TYPES or EXCLUSION_BY_RESOURCE_TYPES. */
  strategy?: string;
  /** Resource types listed for inclusion, and those excluded (a partial recorder names them). */
  resourceTypes: string[];
  excludedResourceTypes: string[];
  recording: boolean;
  /** Success / Failure / Pending of the last recording attempt, when known. */
  lastStatus?: string;
};
