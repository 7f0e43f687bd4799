"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/insights", label: "Insights" },
  { href: "/imports", label: "Upload & imports" },
  { href: "/categories", label: "Categories" },
  { href: "/tasks", label: "Open tasks" },
  { href: "/complaints", label: "Complaints" },
  { href: "/corrections", label: "Corrections" },
  { href: "/activity", label: "Activity" },
];
const ADMIN_LINKS = [{ href: "/settings", label: "Settings & team" }];

export function NavLinks({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const links = isAdmin ? [...LINKS, ...ADMIN_LINKS] : LINKS;
  return (
    <nav aria-label="Main">
      <ul>
        {links.map((l) => {
          const current = l.href === "/" ? pathname === "/" : pathname.startsWith(l.href);
          return (
            <li key={l.href}>
              <Link href={l.href} aria-current={current ? "page" : undefined}>
                {l.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
