"use client";

import { useRouter } from "next/navigation";

export function SignOutButton() {
  const router = useRouter();
  async function signOut() {
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }).catch(() => null);
    router.replace("/login");
    router.refresh();
  }
  return (
    <button type="button" className="btn sidebar-btn" onClick={signOut}>
      Sign out
    </button>
  );
}
