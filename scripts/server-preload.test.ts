import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("the server's request timeout", () => {
  it("gives an upload an hour instead of Node's 5 minutes, in any server created after the preload", () => {
    const preload = path.resolve(__dirname, "server-preload.cjs");
    const out = execFileSync(
      process.execPath,
      ["--require", preload, "-e", "const h = require('node:http'); console.log(h.createServer().requestTimeout, new h.Server().requestTimeout)"],
      { encoding: "utf8" },
    );
    // createServer is what next start calls; a bare `new Server` keeps Node's default.
    expect(out.trim()).toBe("3600000 300000");
  });
});

describe("the request's source", () => {
  it("is stamped from the socket, replacing headers of the same names that a client sent", () => {
    const preload = path.resolve(__dirname, "server-preload.cjs");
    const script = `
      const http = require('node:http');
      const server = http.createServer((req, res) => res.end(JSON.stringify([req.headers['x-rebound-peer'], req.headers['x-rebound-proto']])));
      server.listen(0, '127.0.0.1', () => {
        http.get({ port: server.address().port, host: '127.0.0.1', headers: { 'x-rebound-peer': '6.6.6.6', 'x-rebound-proto': 'https' } }, (res) => {
          let body = ''; res.on('data', (c) => (body += c)); res.on('end', () => { console.log(body); server.close(); });
        });
      });`;
    const out = execFileSync(process.execPath, ["--require", preload, "-e", script], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual(["127.0.0.1", "http"]);
  });
});
