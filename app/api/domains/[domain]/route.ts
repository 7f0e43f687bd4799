import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { jsonError, guarded } from "@/lib/http";
import { domainContactSchema, saveDomainContact } from "@/lib/queries/domains";

export const dynamic = "force-dynamic";

/** Saves the contact details of a recipient domain's mail administrator. */
export const PUT = guarded(async function PUT(request: Request, { params }: { params: Promise<{ domain: string }> }) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const domain = decodeURIComponent((await params).domain).toLowerCase();
  if (!/^[a-z0-9.-]{1,253}$/.test(domain)) return jsonError(400, "invalid-domain", `"${domain}" is not a domain name.`);
  const body = domainContactSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) {
    const issue = body.error.issues[0];
    return jsonError(400, "invalid-body", `${issue?.path.join(".") || "body"}: ${issue?.message}`);
  }
  await saveDomainContact(domain, body.data, who.user.name);
  return NextResponse.json({ domain, ...body.data });
});
