import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types
import { postgresSchema, SOURCE, TARGET } from "../scripts/db/postgres-schema.mjs";

const root = path.resolve(__dirname, "..");

describe("the PostgreSQL schema", () => {
  it("is prisma/schema.prisma for PostgreSQL, as checked in (else: npm run db:postgres-schema)", () => {
    expect(fs.readFileSync(TARGET, "utf8")).toBe(postgresSchema(fs.readFileSync(SOURCE, "utf8")));
  });

  it("has its migrations: the PostgreSQL snapshot is the schema (else: npm run db:new-migration -- <name>)", () => {
    expect(fs.readFileSync(path.join(root, "prisma/postgres/migrations/schema.snapshot.prisma"), "utf8")).toBe(fs.readFileSync(TARGET, "utf8"));
  });

  it("keeps instants as timestamptz and points its client at generated/prisma-pg", () => {
    const schema = postgresSchema(
      'datasource db {\n  provider = "sqlite"\n  url = "file:x"\n}\ngenerator client {\n  output = "../generated/prisma"\n}\nmodel A {\n  at DateTime? @default(now()) // when\n}\n',
    );
    expect(schema).toContain('provider = "postgresql"');
    expect(schema).toContain('output = "../../generated/prisma-pg"');
    expect(schema).toContain("at DateTime? @default(now()) @db.Timestamptz(3) // when");
  });
});
