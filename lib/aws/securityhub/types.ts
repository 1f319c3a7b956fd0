// What the securityhub readers return: plain types, no SDK types.

export type SecurityHubStatus = {
  enabled: boolean;
  hubArn?: string;
  subscribedAt?: string;
  autoEnableControls?: boolean;
};
