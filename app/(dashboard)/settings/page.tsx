import type { Metadata } from "next";
import { PlatformNameForm, YourNameForm } from "./settings-form";
import { currentActor } from "@/lib/actor";
import { getPlatformName } from "@/lib/queries/settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const [platform, actor] = await Promise.all([getPlatformName(), currentActor()]);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Settings</h1>
        </div>
      </div>
      <div className="grid grid-2">
        <section className="card">
          <PlatformNameForm initial={platform === "your email platform" ? "" : platform} />
        </section>
        <section className="card">
          <YourNameForm initial={actor === "Team member" ? "" : actor} />
        </section>
      </div>
    </>
  );
}
