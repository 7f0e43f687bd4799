import { testDir } from "./helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/api/subscribers/export/route";
import { sqlite } from "@/lib/db/sqlite";
import { updateSubscriber } from "@/lib/queries/subscriber-updates";
import { apiTokenFor } from "./helpers/api-token";
import { importFile } from "./helpers/import-file";

let token = "";
const get = async (query: string) =>
  (await exportCsv(new NextRequest(`http://localhost/api/subscribers/export?${query}`, { headers: { authorization: `Bearer ${token}` } }))).text();

beforeAll(async () => {
  const file = path.join(testDir, "odd-addresses.csv");
  fs.writeFileSync(
    file,
    "email,status,diagnostic\n-2+3@odd.example,5.1.1,550 user unknown\n=cmd@odd.example,5.1.1,550 user unknown\nplain@odd.example,5.1.1,550 user unknown\n",
  );
  await importFile(file);
  for (const id of sqlite().prepare("SELECT id FROM Subscriber WHERE domain = 'odd.example'").pluck().all() as number[]) {
    await updateSubscriber(id, { status: "unrecoverable", statusReason: "gone" }, "Ana");
  }
  token = await apiTokenFor("exporter@example.com", "member");
});

describe("lists for the email platform", () => {
  it("carry every address exactly as it is, one per row", async () => {
    const csv = await get("list=suppress");
    expect(csv.trim().split("\r\n")).toEqual(["email", "-2+3@odd.example", "=cmd@odd.example", "plain@odd.example"]);
  });
});

describe("the spreadsheet export", () => {
  it("guards cells a spreadsheet would run, and says so beside an address it had to change", async () => {
    const lines = (await get("q=odd.example")).trim().split("\r\n");
    expect(lines[0].split(",").at(-1)).toBe("note");
    const guarded = lines.find((l) => l.startsWith("'-2+3@odd.example"));
    expect(guarded).toMatch(/a ' was added before the address so spreadsheets show it as text/);
    expect(lines.find((l) => l.startsWith("'=cmd@odd.example"))).toBeDefined();
    expect(lines.find((l) => l.startsWith("plain@odd.example"))).toMatch(/,$/);
  });
});
