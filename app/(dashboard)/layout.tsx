import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/nav-links";
import { SignOutButton } from "@/components/sign-out-button";
import { requirePageUser } from "@/lib/auth/current-user";

/** Every dashboard page is for signed-in team members only. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="shell">
        <aside className="sidebar">
          <Link href="/" className="brand">
            Re<span>bound</span>
          </Link>
          <NavLinks isAdmin={user.role === "admin"} />
          <div className="whoami">
            <div data-testid="whoami">{user.name}</div>
            <div className="role">{user.role}</div>
            <SignOutButton />
          </div>
        </aside>
        <main id="main" className="main">
          {children}
        </main>
      </div>
    </>
  );
}
