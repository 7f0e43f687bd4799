import { undoCorrection } from "@/lib/queries/corrections";
import { correctionAct } from "../handlers";

export const dynamic = "force-dynamic";

/** Undoes a correction: `{ bounces, subscribers }` decided again and moved. */
export const DELETE = correctionAct(undoCorrection);
