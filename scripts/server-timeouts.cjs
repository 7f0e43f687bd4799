// Preloaded into `next start` by scripts/start.mjs (NODE_OPTIONS=--require). Node's HTTP server gives
// a whole request 5 minutes (requestTimeout) and Next keeps that, so an upload of a big export over a
// slow link was cut off at 5 minutes whatever the upload limit (1 GB by default: that needs ~3.5 MB/s).
// An hour covers 1 GB at ~2.3 Mbit/s. A stalled upload does not hold the import queue meanwhile: its
// import gives up after two minutes without a byte (lib/csv/growing-file.ts).
const http = require("node:http");

const REQUEST_TIMEOUT_MS = 60 * 60 * 1000;
const createServer = http.createServer;
http.createServer = function (...args) {
  const server = createServer.apply(this, args);
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  return server;
};
module.exports = { REQUEST_TIMEOUT_MS };
