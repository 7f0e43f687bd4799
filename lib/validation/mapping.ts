import { z } from "zod";

const column = z.string().trim().min(1).max(200).nullish();

/** A user's column mapping for a layout Rebound does not recognise (see lib/formats/types.ts). */
export const columnMappingSchema = z.object({
  email: z.string().trim().min(1, "choose the column that holds the email address").max(200),
  date: column,
  status: column,
  replyCode: column,
  diagnostic: column,
  category: column,
  name: column,
  phone: column,
  company: column,
});
