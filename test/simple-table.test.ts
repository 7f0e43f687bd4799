import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SimpleTable, SimpleTableMarkup, type SimpleColumn } from "@/components/data-table/simple-table";

interface Row {
  id: string;
  name: string;
  n: number;
}
const columns: (SimpleColumn<Row> | false)[] = [
  { key: "name", header: "Name", rowHeader: true, cell: (r) => r.name },
  false,
  { key: "n", header: "Count", numeric: true, cell: (r) => String(r.n), cellProps: { "data-testid": "count" } },
];
const render = (rows: Row[], extra: Record<string, unknown> = {}) =>
  renderToStaticMarkup(createElement(SimpleTable<Row>, { columns, rows, rowKey: (r) => r.id, label: "Things", testId: "things", ...extra }));

describe("SimpleTable", () => {
  it("writes the shared markup: table.data, column headers, row headers, numeric cells", () => {
    const html = render([
      { id: "a", name: "Ana <b>", n: 3 },
      { id: "b", name: "Bea", n: 12 },
    ]);
    expect(html).toContain('<table class="data" data-testid="things">');
    expect(html).toContain('<th scope="col">Name</th><th scope="col" class="num">Count</th>');
    expect(html).toContain('<th scope="row">Ana &lt;b&gt;</th><td class="num" data-testid="count">3</td>');
    expect(html.match(/<tr>/g)).toHaveLength(3);
    expect(html).not.toContain("<caption");
    expect(html).not.toContain("empty-state");
  });

  it("shows the empty state under the header when there are no rows, and a hidden caption when given one", () => {
    const html = render([], { empty: "Nothing yet", caption: "All the things" });
    expect(html).toContain('<caption class="visually-hidden">All the things</caption>');
    expect(html).toContain('<div class="empty-state">Nothing yet</div>');
    expect(html).toContain("<tbody></tbody>");
  });

  it("renders the bare table without its scrolling box", () => {
    const html = renderToStaticMarkup(
      createElement(SimpleTableMarkup<Row>, { columns: [columns[0] as SimpleColumn<Row>], rows: [{ id: "a", name: "Ana", n: 1 }], rowKey: (r) => r.id }),
    );
    expect(html.startsWith("<table")).toBe(true);
    expect(html).not.toContain("table-wrap");
  });
});
