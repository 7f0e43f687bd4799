"use client";

import { usePathname } from "next/navigation";
import { useRef, useState, type KeyboardEvent, type ReactNode } from "react";

const MENU_ID = "site-menu";

/**
 * The navigation and account block. On a wide screen it is always shown (the menu button is hidden by
 * CSS); on a phone it folds behind a Menu button so each page starts with its own content.
 */
export function SiteMenu({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [shownPath, setShownPath] = useState(pathname);
  const button = useRef<HTMLButtonElement>(null);
  // Following a link closes the menu: the new page starts with its content again.
  if (shownPath !== pathname) {
    setShownPath(pathname);
    setOpen(false);
  }
  function closeOnEscape(e: KeyboardEvent) {
    if (e.key !== "Escape" || !open) return;
    setOpen(false);
    button.current?.focus();
  }
  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn sidebar-btn menu-toggle"
        aria-expanded={open}
        aria-controls={MENU_ID}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={closeOnEscape}
      >
        <span aria-hidden="true">{open ? "✕" : "☰"}</span> Menu
      </button>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: Escape from any link inside the open menu closes it (the links are the interactive elements). */}
      <div id={MENU_ID} className={`site-menu${open ? " open" : ""}`} onKeyDown={closeOnEscape}>
        {children}
      </div>
    </>
  );
}
