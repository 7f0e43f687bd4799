import { guarded } from "@/lib/http";
import { receiveWebhook } from "@/lib/webhooks/receive";

export const dynamic = "force-dynamic";

/**
 * Public: platforms post here without a session. Who is asking is proven per provider (signature,
 * SNS certificate or the source's Basic-auth credentials) in lib/webhooks/receive.ts; no cookie is
 * read, so there is nothing for a cross-site request to borrow.
 */
export const POST = guarded(async function POST(request: Request, { params }: { params: Promise<{ provider: string; sourceId: string }> }) {
  const { provider, sourceId } = await params;
  return receiveWebhook(request, provider, sourceId);
});
