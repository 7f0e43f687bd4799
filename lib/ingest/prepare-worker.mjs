// Entry of the import's preparing thread (lib/ingest/prepared-source.ts). Plain JavaScript, so that
// Node can start it inside `next start` as well as in tests; tsx compiles the TypeScript it runs.
import { tsImport } from "tsx/esm/api";

await tsImport(new URL("./prepare-worker-main.ts", import.meta.url).href, import.meta.url);
