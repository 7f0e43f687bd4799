/**
 * Chart colours. Each has at least 3:1 contrast against white (WCAG 1.4.11 for graphics) and the
 * stacked segments are separated by a white stroke, so neighbours stay apart for colour-blind readers.
 */
import type { CategoryGroup } from "@/lib/categories";

export const GROUP_COLOURS: Record<CategoryGroup, string> = {
  address: "#b42318",
  recipient: "#b25e09",
  sender: "#6d3fc0",
  other: "#667085",
};

export const STATUS_COLOURS: Record<"open" | "in_progress" | "recovered" | "unrecoverable", string> = {
  open: "#667085",
  in_progress: "#b25e09",
  recovered: "#17804a",
  unrecoverable: "#b42318",
};

/** For series without meaning of their own (imports): distinct hues, all dark enough on white. */
export const SERIES_COLOURS = ["#2456d6", "#0f766e", "#b25e09", "#7c3aed", "#be185d", "#4d7c0f", "#0369a1", "#57534e"];

export const AXIS_TICK = { fontSize: 12, fill: "#475467" };
