"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/api-fetch";

export function PlatformNameForm({ initial }: { initial: string }) {
  const router = useRouter();
  const [value, setValue] = useState(initial);
  const [status, setStatus] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const res = await apiFetch("/api/settings", { method: "PUT", body: { platformName: value } });
    if (!res.ok) return setStatus({ kind: "error", text: res.message });
    setStatus({ kind: "info", text: "Saved. Checklist steps now name it." });
    router.refresh();
  }
  return (
    <form onSubmit={submit}>
      <label htmlFor="platform-name">Your email platform&apos;s name</label>
      <div className="table-toolbar">
        <input id="platform-name" type="text" value={value} onChange={(e) => setValue(e.target.value)} maxLength={80} required placeholder="e.g. Mailrelay" />
        <button className="btn primary" type="submit">
          Save
        </button>
      </div>
      {status && (
        <p className={`alert ${status.kind}`} role={status.kind === "error" ? "alert" : "status"}>
          {status.text}
        </p>
      )}
    </form>
  );
}
