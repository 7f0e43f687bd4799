"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, type DragEvent } from "react";
import { errorMessage } from "@/lib/api-fetch";

type UploadState = { phase: "idle" } | { phase: "uploading"; loaded: number; total: number } | { phase: "error"; message: string };

/**
 * Drag and drop or pick a file; uploads with XMLHttpRequest because fetch cannot report upload
 * progress, then opens the import's page, which follows the processing live.
 */
export function UploadDropzone({ maxBytes }: { maxBytes: number }) {
  const router = useRouter();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [active, setActive] = useState(false);
  const [state, setState] = useState<UploadState>({ phase: "idle" });

  function upload(file: File) {
    if (file.size > maxBytes) {
      setState({ phase: "error", message: `${file.name} is larger than the upload limit (${Math.round(maxBytes / 1024 / 1024)} MB).` });
      return;
    }
    const form = new FormData();
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/imports");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => setState({ phase: "uploading", loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onerror = () => setState({ phase: "error", message: "The upload failed: the connection was interrupted. Please try again." });
    xhr.onload = () => {
      const body = xhr.response as { id?: string; error?: { message: string } } | null;
      if (xhr.status === 202 && body?.id) {
        router.push(`/imports/${body.id}`);
        return;
      }
      setState({ phase: "error", message: errorMessage(body, xhr.status) });
    };
    setState({ phase: "uploading", loaded: 0, total: file.size });
    xhr.send(form);
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setActive(false);
    const file = e.dataTransfer.files[0];
    if (file) upload(file);
  }

  const busy = state.phase === "uploading";
  const percent = state.phase === "uploading" && state.total > 0 ? Math.round((state.loaded / state.total) * 100) : 0;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for dragged files; the file input and its button inside are the keyboard way in.
    <div
      className={`dropzone${active ? " active" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setActive(true);
      }}
      onDragLeave={() => setActive(false)}
      onDrop={onDrop}
      data-testid="dropzone"
    >
      <h3>Drop your bounce export here</h3>
      <p>
        CSV or JSON from PowerMTA/Mailrelay, SendGrid, Mailgun, Mailchimp (its zip too), Amazon SES, Postmark, SparkPost, Brevo, or any file with an email
        column; or the bounce emails themselves (.eml, .mbox, gzipped or zipped).
      </p>
      <label htmlFor={inputId} className="btn primary" aria-disabled={busy}>
        Choose a file…
      </label>
      <input
        id={inputId}
        ref={input}
        type="file"
        accept=".csv,.txt,.tsv,.json,.jsonl,.zip,.eml,.mbox,.mbx,.gz,text/csv,text/plain,application/json,application/zip,message/rfc822,application/mbox,application/gzip"
        className="visually-hidden"
        disabled={busy}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) upload(file);
          e.target.value = "";
        }}
      />
      {state.phase === "uploading" && (
        <div style={{ marginTop: "1rem" }}>
          <div className="progress" role="progressbar" aria-label="Upload progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
            <div style={{ width: `${percent}%` }} />
          </div>
          <p aria-live="polite">Uploading… {percent}%</p>
        </div>
      )}
      {state.phase === "error" && (
        <p className="alert error" role="alert">
          {state.message}
        </p>
      )}
    </div>
  );
}
