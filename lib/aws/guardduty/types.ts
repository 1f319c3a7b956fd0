// What the guardduty readers return: plain types, no SDK types.

export type GuardDutyDetector = { detectorId: string; status: string; findingPublishingFrequency?: string };
