/** How a history entry reads in a sentence: "<actor> <verb> <detail>". */
export function eventVerb(action: string): string {
  if (action === "task.done") return "ticked";
  if (action === "task.undone") return "unticked";
  if (action === "note") return "noted:";
  if (action === "settings") return "changed settings:";
  return "";
}

export function subjectHref(subjectType: string, subjectId: string): string | null {
  if (subjectType === "subscriber") return `/subscribers/${subjectId}`;
  if (subjectType === "import") return `/imports/${subjectId}`;
  if (subjectType === "correction") return "/corrections";
  return null;
}
