// Preloaded into `next start` by scripts/start.mjs (NODE_OPTIONS=--require).
// 1. Node's HTTP server gives a whole request 5 minutes (requestTimeout) and Next keeps that, so an
//    upload of a big export over a slow link was cut off at 5 minutes. An hour covers 1 GB at
//    ~2.3 Mbit/s; a stalled upload gives up after two minutes without a byte (the import's reader).
// 2. Route handlers cannot see the socket, and Next keeps any X-Forwarded-For a client sends: each
//    request is stamped here with the socket's own address and protocol, replacing any header of
//    those names from the client (lib/auth/request-source.ts reads them).
const http = require("node:http");

const REQUEST_TIMEOUT_MS = 60 * 60 * 1000;
const PEER_HEADER = "x-rebound-peer";
const PROTO_HEADER = "x-rebound-proto";

function stampSource(req) {
  req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
  req.headers[PROTO_HEADER] = req.socket?.encrypted ? "https" : "http";
}

const createServer = http.createServer;
http.createServer = function (...args) {
  const server = createServer.apply(this, args);
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.prependListener("request", stampSource);
  return server;
};
module.exports = { REQUEST_TIMEOUT_MS, PEER_HEADER, PROTO_HEADER };
