export const SUBSCRIBER_STATUSES = ["open", "in_progress", "recovered", "unrecoverable"] as const;
