import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "../auth-form";
import { getCurrentUser, hasAnyUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (!(await hasAnyUser())) redirect("/setup");
  if (await getCurrentUser()) redirect("/");
  return (
    <main className="auth-page">
      <section className="card auth-card" aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Rebound</h1>
        <AuthForm
          endpoint="/api/auth/sign-in/email"
          submitLabel="Sign in"
          fields={[
            { name: "email", label: "Email", type: "email", autoComplete: "username" },
            { name: "password", label: "Password", type: "password", autoComplete: "current-password" },
          ]}
          hint="No account? Ask your team's admin to add you."
        />
      </section>
    </main>
  );
}
