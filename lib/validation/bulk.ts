import { z } from "zod";
import { CATEGORY_CODES, STEPS, type StepId } from "../categories";
import { SUBSCRIBER_STATUSES } from "../queries/subscriber-statuses";
import { listPeriodShape } from "../insights/list-period";

const filter = z.object({
  category: z.enum(CATEGORY_CODES).optional(),
  q: z.string().trim().max(200).optional(),
  status: z.enum(SUBSCRIBER_STATUSES).optional(),
  domain: z.string().trim().max(255).optional(),
  disputed: z.enum(["1"]).optional(),
  corrected: z.enum(["1"]).optional(),
  ...listPeriodShape,
});

export const bulkRequestSchema = z.object({
  selection: z.union([z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) }), z.object({ filter })]),
  action: z.discriminatedUnion("type", [
    z.object({ type: z.literal("tick"), step: z.enum(Object.keys(STEPS) as [StepId, ...StepId[]]), done: z.boolean() }),
    z.object({ type: z.literal("status"), status: z.enum(["open", "recovered", "unrecoverable"]), reason: z.string().trim().max(500).nullish() }),
    z.object({ type: z.literal("assign"), assignee: z.string().trim().max(80).nullable() }),
  ]),
  /** true: only count what the action would cover, so the user can confirm. */
  dryRun: z.boolean().optional(),
});
