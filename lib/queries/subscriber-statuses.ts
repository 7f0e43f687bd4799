export const SUBSCRIBER_STATUSES = ["open", "in_progress", "recovered", "unrecoverable"] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];
