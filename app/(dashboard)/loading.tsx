export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="muted" style={{ padding: "2rem 0" }}>
      Loading…
    </div>
  );
}
