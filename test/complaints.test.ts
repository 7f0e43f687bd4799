// The complaints view and the subscriber page's "complained on": a zip of bounce emails whose ARF
// report is about a known subscriber, read through the real import into a real SQLite file.
import "./helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { lastComplaint, listComplaints } from "@/lib/queries/complaints";
import { importFile } from "./helpers/import-file";
import { mailFixture } from "./helpers/make-mbox";
import { testDir } from "./helpers/test-db";
import { makeZip } from "./helpers/make-zip";

const about = (email: string, name: string) =>
  mailFixture(name)
    .toString("latin1")
    .replace(/grumpy\.reader@isp\.example|ana\.lopez@correo\.example/g, email);

describe("complaints", () => {
  it("list address, feedback type, reporter, date, file and message number, and show on the subscriber's page", async () => {
    const file = path.join(testDir, "complaints.zip");
    fs.writeFileSync(
      file,
      makeZip([
        { name: "cur/1.eml", data: Buffer.from(about("known@complaints.example", "postfix-dsn.eml"), "latin1") },
        { name: "cur/2.eml", data: Buffer.from(about("known@complaints.example", "arf-complaint.eml"), "latin1") },
        { name: "cur/3.eml", data: Buffer.from(about("stranger@complaints.example", "arf-complaint.eml").replace("13 Nov 2026", "14 Nov 2026"), "latin1") },
      ]),
    );
    const result = await importFile(file);
    expect(result.row).toMatchObject({ status: "done", complaints: 2 });

    const list = await listComplaints({ importId: result.id, page: 1, pageSize: 1 });
    expect(list.count).toBe(2);
    expect(list.data).toEqual([
      expect.objectContaining({
        email: "stranger@complaints.example",
        subscriberId: null,
        sourceFile: "cur/3.eml",
        messageNo: 3,
        importName: "complaints.zip",
      }),
    ]);
    const second = await listComplaints({ importId: result.id, page: 2, pageSize: 1 });
    const known = sqlite().prepare("SELECT id FROM Subscriber WHERE email = 'known@complaints.example'").pluck().get() as number;
    expect(second.data).toEqual([
      expect.objectContaining({
        email: "known@complaints.example",
        subscriberId: known,
        feedbackType: "abuse",
        reporter: "ISP-FBL/1.0",
        occurredAt: "2026-11-13T16:18:00.000Z",
        sourceFile: "cur/2.eml",
        messageNo: 2,
      }),
    ]);
    expect((await listComplaints({ email: "KNOWN@complaints.example", page: 1, pageSize: 10 })).count).toBe(1);
    expect(await lastComplaint("known@complaints.example")).toEqual({ occurredAt: "2026-11-13T16:18:00.000Z", feedbackType: "abuse", count: 1 });
    expect(await lastComplaint("nobody@complaints.example")).toBeNull();
  });
});
