import { z } from "zod";
import { STEPS, type StepId } from "../categories";
import { subscriberSelectionFilterSchema } from "./subscriber-filter";

export const bulkRequestSchema = z.object({
  selection: z.union([z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) }), z.object({ filter: subscriberSelectionFilterSchema })]),
  action: z.discriminatedUnion("type", [
    z.object({ type: z.literal("tick"), step: z.enum(Object.keys(STEPS) as [StepId, ...StepId[]]), done: z.boolean() }),
    z.object({ type: z.literal("status"), status: z.enum(["open", "recovered", "unrecoverable"]), reason: z.string().trim().max(500).nullish() }),
    z.object({ type: z.literal("assign"), assignee: z.string().trim().max(80).nullable() }),
  ]),
  /** true: only count what the action would cover, so the user can confirm. */
  dryRun: z.boolean().optional(),
});
