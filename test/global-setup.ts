// The import worker thread runs from a bundle that `npm start` builds; tests build it once here.
export default async function setup() {
  // @ts-expect-error plain JavaScript module without types
  const { buildImportWorker } = await import("../scripts/build-worker.mjs");
  buildImportWorker();
}
