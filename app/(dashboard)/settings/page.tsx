import type { Metadata } from "next";
import { PlatformNameForm } from "./settings-form";
import { TeamAdmin, TokenAdmin } from "./team-admin";
import { WebhookSources } from "./webhook-sources";
import { requirePageUser } from "@/lib/auth/current-user";
import { listApiTokens } from "@/lib/auth/tokens";
import { listUsers } from "@/lib/auth/users";
import { DEFAULT_PLATFORM_NAME } from "@/lib/categories";
import { getPlatformName } from "@/lib/queries/settings";
import { listSources } from "@/lib/webhooks/sources";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings & team" };

export default async function SettingsPage() {
  const me = await requirePageUser("admin");
  const [platform, users, tokens, sources] = await Promise.all([getPlatformName(), listUsers(), listApiTokens(), listSources()]);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Settings & team</h1>
        </div>
      </div>
      <section className="card">
        <PlatformNameForm initial={platform === DEFAULT_PLATFORM_NAME ? "" : platform} />
      </section>
      <h2>Team</h2>
      <TeamAdmin users={users} meId={me.id} />
      <h2>API tokens</h2>
      <p className="muted">
        For scripts: <code>curl -H &quot;Authorization: Bearer TOKEN&quot; …/api/categories</code>. A token acts with its user&apos;s role.
      </p>
      <TokenAdmin
        tokens={tokens.map((t) => ({
          id: t.id,
          name: t.name,
          email: t.user.email,
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
        }))}
      />
      <h2>Sources</h2>
      <p className="muted">
        Platforms that post their bounces and spam complaints to Rebound as they happen. Each request is verified (signature or credentials) before anything in
        it is kept; bounces are imported every few seconds, like an upload.
      </p>
      <WebhookSources sources={sources} />
    </>
  );
}
