import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { z } from "zod";
import { jsonError, guarded } from "@/lib/http";
import { TaskNotFoundError, updateTask } from "@/lib/queries/tasks";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ done: z.boolean(), note: z.string().max(2000).nullish() });

export const PATCH = guarded(async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const { id } = await params;
  const body = bodySchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError(400, "invalid-body", 'Send JSON like { "done": true, "note": "optional" }.');
  try {
    const task = await updateTask(decodeURIComponent(id), { done: body.data.done, note: body.data.note, actor: who.user.name });
    return NextResponse.json(task);
  } catch (error) {
    if (error instanceof TaskNotFoundError) return jsonError(404, "not-found", error.message);
    throw error;
  }
});
