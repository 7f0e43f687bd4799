import { z } from "zod";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

/** What a person may change on a subscriber. Status "open" hands the status back to the checklist. */
export const subscriberPatchSchema = z
  .object({
    status: z.enum(["open", "recovered", "unrecoverable"]).optional(),
    statusReason: optionalText(500),
    name: optionalText(200),
    phone: optionalText(40).refine((v) => v == null || /^[+\d][\d\s().\-/]{2,39}$/.test(v), "a phone number has digits, spaces and + ( ) - . / only"),
    company: optionalText(200),
    assignee: optionalText(80),
  })
  .strict()
  .refine((v) => v.status !== "unrecoverable" || (v.statusReason && v.statusReason.length > 0), {
    message: "say why the subscriber cannot be recovered",
    path: ["statusReason"],
  });
export type SubscriberPatch = z.infer<typeof subscriberPatchSchema>;

export const noteSchema = z.object({ text: z.string().trim().min(1, "the note is empty").max(4000) }).strict();
