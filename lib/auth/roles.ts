/** viewer reads; member also imports, works tasks and exports; admin also manages users, settings and imports. */
export const ROLES = ["viewer", "member", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function hasRole(actual: string | null | undefined, needed: Role): boolean {
  return isRole(actual) && RANK[actual] >= RANK[needed];
}

export const ROLE_LABELS: Record<Role, string> = {
  viewer: "Viewer (reads)",
  member: "Member (imports, works tasks, exports)",
  admin: "Admin (also users and settings)",
};
