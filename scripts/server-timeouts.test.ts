import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("the server's request timeout", () => {
  it("gives an upload an hour instead of Node's 5 minutes, in any server created after the preload", () => {
    const preload = path.resolve(__dirname, "server-timeouts.cjs");
    const out = execFileSync(process.execPath, ["--require", preload, "-e", "const h = require('node:http'); console.log(h.createServer().requestTimeout, new h.Server().requestTimeout)"], { encoding: "utf8" });
    // createServer is what next start calls; a bare `new Server` keeps Node's default.
    expect(out.trim()).toBe("3600000 300000");
  });
});
