import Link from "next/link";
import { formatNumber } from "@/lib/format";

/** Previous/next links for server-rendered lists whose page lives in the URL. */
export function LinkPager({
  page,
  count,
  pageSize,
  href,
  labels = ["← Previous", "Next →"],
}: {
  page: number;
  count: number;
  pageSize: number;
  href: (page: number) => string;
  labels?: [string, string];
}) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 && (
        <Link className="btn" href={href(page - 1)}>
          {labels[0]}
        </Link>
      )}
      <span>
        Page {formatNumber(page)} of {formatNumber(pages)}
      </span>
      {page < pages && (
        <Link className="btn" href={href(page + 1)}>
          {labels[1]}
        </Link>
      )}
    </nav>
  );
}
