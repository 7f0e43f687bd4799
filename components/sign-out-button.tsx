"use client";

import { useRouter } from "next/navigation";
import { apiFetch } from "@/lib/api-fetch";

export function SignOutButton() {
  const router = useRouter();
  async function signOut() {
    // Signed out or not reached, the way out is the sign-in page either way.
    await apiFetch("/api/auth/sign-out", { method: "POST", body: {} });
    router.replace("/login");
    router.refresh();
  }
  return (
    <button type="button" className="btn sidebar-btn" onClick={signOut}>
      Sign out
    </button>
  );
}
