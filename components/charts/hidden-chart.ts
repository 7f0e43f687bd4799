/**
 * Props for every recharts chart. Each chart is hidden from assistive technology (a table beside it
 * carries the same figures), so nothing inside may take focus: recharts' accessibility layer would make
 * the drawing a focusable "application" that keyboard users reach but cannot see into.
 */
export const HIDDEN_CHART = { accessibilityLayer: false } as const;
