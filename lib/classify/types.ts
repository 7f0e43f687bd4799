import type { CategoryCode } from "../categories";

export interface ClassifyInput {
  /** Enhanced status code, e.g. "5.1.1" (may carry extra text such as "5.1.1 (bad destination mailbox address)"). */
  status?: string | null;
  /** SMTP reply code, e.g. 550. */
  replyCode?: number | string | null;
  /** The receiving server's diagnostic text. */
  diagnostic?: string | null;
}

export interface Classification {
  category: CategoryCode;
  /** Id of the rule that decided, stored with each bounce and shown to users. */
  ruleId: string;
}
