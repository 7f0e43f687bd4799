/** Small pieces every edit form shares. */

export function ErrorAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="alert error" role="alert">
      {message}
    </p>
  );
}

/** The error (if any), then Save and Cancel. */
export function SaveCancel({ error, saving, onCancel }: { error: string | null; saving: boolean; onCancel: () => void }) {
  return (
    <>
      <ErrorAlert message={error} />
      <button className="btn primary" type="submit" disabled={saving}>
        {saving ? "Saving…" : "Save"}
      </button>{" "}
      <button className="btn" type="button" onClick={onCancel}>
        Cancel
      </button>
    </>
  );
}
