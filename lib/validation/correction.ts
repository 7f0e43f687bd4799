import { z } from "zod";
import { CATEGORY_CODES } from "../categories";

/** "This is really …": the bounce and the category the team says it belongs to. */
export const correctionRequestSchema = z
  .object({
    bounceId: z.number().int().positive(),
    category: z.enum(CATEGORY_CODES, { error: "must be one of the 16 category codes" }),
  })
  .strict();

export const correctionListSchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
