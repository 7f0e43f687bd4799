/**
 * PowerMTA accounting files (also what Mailrelay hands out): the 22/23-column default header or any
 * custom `record-fields` order. Only `b` records are bounces; deliveries (`d`), deferrals (`t`),
 * remote bounces (`rb`) and the rest are counted as skipped.
 */
import { withContactColumns } from "./contact-columns";
import { HeaderIndex, type BounceFormat } from "./format";
import { cell, createColumnMapper } from "./record";

const RECORD_TYPES: Record<string, string> = {
  d: "delivery",
  t: "transient failure (deferral)",
  tq: "transient queue failure",
  rb: "remote bounce",
  rs: "remote status",
  f: "feedback loop report",
  r: "receipt",
};

/** Columns only PowerMTA uses; each one found raises confidence. */
const PMTA_COLUMNS = [
  "timeLogged",
  "timeQueued",
  "orig",
  "orcpt",
  "dsnAction",
  "dsnStatus",
  "dsnDiag",
  "dsnMta",
  "bounceCat",
  "srcType",
  "srcMta",
  "dlvType",
  "dlvSourceIp",
  "dlvDestinationIp",
  "vmta",
  "jobId",
  "envId",
  "vmtaPool",
];

export const powermta: BounceFormat = {
  id: "powermta",
  label: "PowerMTA / Mailrelay accounting",
  detect(header) {
    const h = new HeaderIndex(header);
    if (!h.has("rcpt") || !h.hasAny("dsnStatus", "dsnDiag", "bounceCat")) return 0;
    return 60 + 2 * h.count(...PMTA_COLUMNS) + (h.has("type") ? 5 : 0);
  },
  createMapper(header) {
    const h = new HeaderIndex(header);
    const type = h.find(["type"]);
    const timeLogged = h.find(["timeLogged"]);
    return createColumnMapper(
      h,
      withContactColumns(h, {
        email: h.find(["rcpt"]),
        date: timeLogged !== -1 ? timeLogged : h.find(["timeQueued"]),
        status: h.find(["dsnStatus"]),
        diagnostic: h.find(["dsnDiag"]),
        remoteMta: h.find(["dsnMta"]),
        category: h.find(["bounceCat"]),
      }),
      {
        // Accounting times carry their zone; only a slash date would need an order, and PMTA writes none.
        dayFirst: true,
        skip: (fields) => {
          if (type === -1) return null; // a custom record-fields list without `type` holds what was asked for
          if (fields[type] === "b") return null; // the common case, without trimming
          const t = cell(fields, type).toLowerCase();
          if (t === "b") return null;
          const what = RECORD_TYPES[t];
          return what ? `${what} record (type ${t}), not a bounce` : `record type '${t}' is not a bounce`;
        },
      },
    );
  },
};
