import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
// Built from pieces so that this file does not name what it looks for.
const OUTSIDE = new RegExp(["\\.\\./shared", "shared/(fixtures|seed)", "PLATFORM\\.md", "DESIGN\\.md", "[Ii]ssue [0-9]+"].join("|"));

describe("the repository", () => {
  it("stands on its own: no file points at folders beside it, at documents it does not hold, or at issue numbers", () => {
    const files = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
    const found: string[] = [];
    for (const file of files) {
      const full = path.join(root, file);
      if (!fs.existsSync(full) || fs.statSync(full).size > 2_000_000) continue;
      const text = fs.readFileSync(full, "utf8");
      text.split("\n").forEach((line, i) => {
        if (OUTSIDE.test(line)) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(found).toEqual([]);
  });
});
