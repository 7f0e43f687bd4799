import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "../auth-form";
import { hasAnyUser } from "@/lib/auth/current-user";
import { PASSWORD_MIN } from "@/lib/auth/auth";

export const metadata: Metadata = { title: "Set up Rebound" };

/** First run: there is nobody yet, so the first person creates the admin account. */
export default async function SetupPage() {
  if (await hasAnyUser()) redirect("/login");
  return (
    <main className="auth-page">
      <section className="card auth-card" aria-labelledby="setup-title">
        <h1 id="setup-title">Welcome to Rebound</h1>
        <p className="muted">Create the first admin account. You can add your team afterwards.</p>
        <AuthForm
          endpoint="/api/setup"
          submitLabel="Create admin account"
          fields={[
            { name: "name", label: "Your name", type: "text", autoComplete: "name" },
            { name: "email", label: "Email", type: "email", autoComplete: "username" },
            { name: "password", label: "Password", type: "password", autoComplete: "new-password" },
          ]}
          hint={`At least ${PASSWORD_MIN} characters.`}
        />
      </section>
    </main>
  );
}
