/**
 * Name, phone and company columns, found by the same synonyms in every layout: platforms let people
 * rename these fields (a Mailchimp audience labelled "Nombre, Apellidos, Teléfono, Empresa"), so no
 * layout may know them by one fixed name.
 */
import type { HeaderIndex } from "./format";
import type { ColumnSpec } from "./record";
import { SYNONYMS } from "./synonyms";

type ContactSpec = Pick<ColumnSpec, "name" | "firstName" | "lastName" | "phone" | "company">;

export function findContactColumns(h: HeaderIndex): ContactSpec {
  const firstName = h.findLoose(SYNONYMS.firstName);
  const lastName = h.findLoose(SYNONYMS.lastName);
  // "Nombre" next to "Apellidos" is the first name; alone, it is the whole name.
  const name = h.findLoose(SYNONYMS.name);
  const nameIsFirst = firstName === -1 && lastName !== -1 && name !== -1;
  return {
    name: nameIsFirst ? -1 : name,
    firstName: nameIsFirst ? name : firstName,
    lastName,
    phone: h.findLoose(SYNONYMS.phone),
    company: h.findLoose(SYNONYMS.company),
  };
}

/** A layout's own columns with the contact columns found by synonym; the layout's own choices win (-1 = "not this file's"). */
export function withContactColumns(h: HeaderIndex, cols: ColumnSpec): ColumnSpec {
  const found = findContactColumns(h);
  return {
    ...cols,
    name: cols.name ?? found.name,
    firstName: cols.firstName ?? found.firstName,
    lastName: cols.lastName ?? found.lastName,
    phone: cols.phone ?? found.phone,
    company: cols.company ?? found.company,
  };
}
