import { applyCorrection } from "@/lib/queries/corrections";
import { correctionAct } from "../../handlers";

export const dynamic = "force-dynamic";

/** Applies a correction to every bounce with the same reply, and to later imports: `{ bounces, subscribers }` moved. */
export const POST = correctionAct(applyCorrection);
