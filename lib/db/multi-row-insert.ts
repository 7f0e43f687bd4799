import type Database from "better-sqlite3";

/**
 * Inserts rows many at a time: one `INSERT ... VALUES (...), (...), ...` of `rowsPerStatement` rows
 * instead of one statement per row. Each statement run costs a call into the addon and a step of
 * the VM besides its values: 1,000,000 Bounce-shaped rows took 3.8–4.3 s one by one and 3.3 s
 * 64 at a time (measured, same rows and transactions).
 *
 * The values go to `run` as arguments, not as one array: the addon reads an array's elements one
 * generic property lookup at a time, which cost the bulk writer 51.8k instructions per row against
 * 40.0k (callgrind, lib/ingest/bench/writer-only.ts on 30,000 rows).
 *
 * Rows wait here until `rowsPerStatement` have come or `flush` is called: until then a query does
 * not see them, so only a writer that looks nothing up in what it has just inserted may use it.
 */
export class MultiRowInsert {
  private readonly many: Database.Statement;
  private readonly one: Database.Statement;
  private readonly width: number;
  private readonly values: unknown[];
  private count = 0;

  /**
   * @param into  `Table (col, col, ...)`
   * @param row   one row's values clause, e.g. `(?, ?, 'open', ?)`: its `?` are the values `add` takes
   * @param beforeFlush runs first whenever rows are written (rows another table's rows refer to)
   */
  constructor(
    db: Database.Database,
    into: string,
    row: string,
    private readonly rowsPerStatement = 64,
    private readonly beforeFlush?: () => void,
  ) {
    this.width = row.split("?").length - 1;
    this.values = new Array(this.width * rowsPerStatement);
    this.many = db.prepare(`INSERT INTO ${into} VALUES ${Array(rowsPerStatement).fill(row).join(", ")}`);
    this.one = db.prepare(`INSERT INTO ${into} VALUES ${row}`);
  }

  /** Rows added and not written yet. */
  get pending(): number {
    return this.count;
  }

  /** A value of a row still waiting: `row` counts from the oldest pending one. */
  peek(row: number, column: number): unknown {
    return this.values[row * this.width + column];
  }

  add(...row: unknown[]): void {
    if (row.length !== this.width) throw new Error(`Expected ${this.width} values, got ${row.length}`);
    let at = this.count * this.width;
    for (let i = 0; i < row.length; i++) this.values[at++] = row[i];
    if (++this.count === this.rowsPerStatement) this.flush();
  }

  /** Writes every row added so far. */
  flush(): void {
    this.beforeFlush?.();
    if (this.count === this.rowsPerStatement) this.many.run(...this.values);
    else for (let i = 0; i < this.count; i++) this.one.run(...this.values.slice(i * this.width, (i + 1) * this.width));
    this.count = 0;
  }
}
