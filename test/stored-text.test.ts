import { testDir } from "./helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_STORED_TEXT } from "@/lib/formats/types";
import { sqlite } from "@/lib/db/sqlite";
import { importFile } from "./helpers/import-file";

describe("texts from a file", () => {
  it("are stored up to 8 KB, while the kept upload holds them whole", async () => {
    const huge = `550 5.1.1 user unknown ${"x".repeat(5 * 1024 * 1024)}`;
    const file = path.join(testDir, "huge.csv");
    fs.writeFileSync(file, `email,name,status,diagnostic\nhuge@text.example,${"N".repeat(20_000)},5.1.1,${huge}\n`);
    const imported = await importFile(file);
    expect(imported.row).toMatchObject({ status: "done", accepted: 1 });
    const stored = sqlite()
      .prepare("SELECT b.diagnostic, s.name, b.category FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId WHERE s.email = 'huge@text.example'")
      .get() as { diagnostic: string; name: string; category: string };
    expect(stored.diagnostic).toBe(huge.slice(0, MAX_STORED_TEXT));
    expect(stored.name).toHaveLength(MAX_STORED_TEXT);
    expect(stored.category).toBe("bad-mailbox");
    expect(fs.readFileSync(imported.storedPath, "utf8")).toContain(huge);
  });
});
