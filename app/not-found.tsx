import Link from "next/link";

export default function NotFound() {
  return (
    <div className="empty-state">
      <h1>Not found</h1>
      <p>This page or record does not exist (it may have been removed).</p>
      <Link href="/" className="btn">
        Back to the overview
      </Link>
    </div>
  );
}
