"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/lib/api-fetch";

/** Marks one task done from a list (the task then leaves the list of open tasks). */
export function TaskDoneButton({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  const [state, setState] = useState<"idle" | "saving" | "error">("idle");
  async function markDone() {
    setState("saving");
    const res = await apiFetch(`/api/tasks/${encodeURIComponent(id)}`, { method: "PATCH", body: { done: true } });
    if (!res.ok) return setState("error");
    router.refresh();
  }
  return (
    <>
      <button type="button" className="btn" onClick={markDone} disabled={state === "saving"} aria-label={`Mark done: ${label}`}>
        {state === "saving" ? "Saving…" : "Mark done"}
      </button>
      {state === "error" && (
        <span role="alert" className="muted">
          {" "}
          Not saved, try again.
        </span>
      )}
    </>
  );
}
