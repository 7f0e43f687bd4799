"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="alert error" role="alert">
      <h2 style={{ marginTop: 0 }}>Something went wrong on this page</h2>
      <p>Your data is safe. Try again; if it keeps happening, tell the team{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      <button type="button" className="btn" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
