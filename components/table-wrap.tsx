"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * The box a table scrolls in. While the table overflows it (on a phone, or a long list in a short
 * box) the box is a named tab stop, so the keyboard can scroll it too; when all fits it is not.
 */
export function TableWrap({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setScrolls(el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    for (const child of el.children) observer.observe(child);
    measure();
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} className={className ? `table-wrap ${className}` : "table-wrap"} {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": label } : {})}>
      {children}
    </div>
  );
}
