import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/nav-links";
import { SignOutButton } from "@/components/sign-out-button";
import { SiteMenu } from "@/components/site-menu";
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
        <header className="sidebar">
          <Link href="/" className="brand">
            Re<span>bound</span>
          </Link>
          <SiteMenu>
            <NavLinks isAdmin={user.role === "admin"} />
            <div className="whoami">
              <div data-testid="whoami">{user.name}</div>
              <div className="role">{user.role}</div>
              <SignOutButton />
            </div>
          </SiteMenu>
        </header>
        <main id="main" className="main">
          {children}
        </main>
      </div>
    </>
  );
}
