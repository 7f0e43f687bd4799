import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { NavLinks } from "@/components/nav-links";
import "./globals.css";

// Every page is rendered per request so Next can put the proxy's CSP nonce on its scripts.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Rebound", template: "%s · Rebound" },
  description: "Win back subscribers whose email bounced.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <div className="shell">
          <aside className="sidebar">
            <Link href="/" className="brand">
              Re<span>bound</span>
            </Link>
            <NavLinks />
          </aside>
          <main id="main" className="main">
            {children}
          </main>
        </div>
      </body>
    </html>
  );
}
