import "server-only";
import { cookies } from "next/headers";

/**
 * Who is acting. Until team accounts exist, people type their name once (kept in a cookie) so the
 * history still says who ticked what.
 */
export async function currentActor(): Promise<string> {
  const name = (await cookies()).get("rebound-name")?.value;
  const clean = name ? decodeURIComponent(name).trim().slice(0, 80) : "";
  return clean || "Team member";
}
