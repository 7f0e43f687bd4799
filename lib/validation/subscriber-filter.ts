import { z } from "zod";
import { CATEGORY_CODES } from "../categories";
import { listPeriodShape } from "../insights/list-period";
import { SUBSCRIBER_STATUSES } from "../queries/subscriber-statuses";
import { pageParam, parseSearchParams, type RawSearchParams } from "./search-params";

export const SORTS = ["email", "-email", "domain", "-domain", "lastBouncedAt", "-lastBouncedAt", "bounceCount", "-bounceCount"] as const;

/** Which subscribers a list, an export or a bulk action covers: written once for all three. */
export const subscriberSelectionFilterSchema = z.object({
  category: z.enum(CATEGORY_CODES, { error: "not a category Rebound knows" }).optional(),
  q: z.string().trim().max(200).optional(),
  status: z.enum(SUBSCRIBER_STATUSES).optional(),
  domain: z.string().trim().max(255).optional(),
  /** "1": only subscribers whose export category differs from Rebound's own classification. */
  disputed: z.enum(["1"]).optional(),
  /** "1": only subscribers whose latest bounce a team correction decided. */
  corrected: z.enum(["1"]).optional(),
  /** "1": only open or in-progress subscribers whose address a webhook reported delivered after their last bounce. */
  delivering: z.enum(["1"]).optional(),
  /** Latest bounce in this period / from these imports (links from the insights charts). */
  ...listPeriodShape,
});

/** The list's filter plus its order and page. */
export const subscriberFilterSchema = subscriberSelectionFilterSchema.extend({
  sort: z.enum(SORTS).default("-lastBouncedAt"),
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type SubscriberFilter = z.infer<typeof subscriberFilterSchema>;

/** Reads list filters from URL search params, ignoring what is missing or malformed. */
export function parseSubscriberFilter(params: RawSearchParams): SubscriberFilter {
  return parseSearchParams(subscriberFilterSchema, params).value;
}
