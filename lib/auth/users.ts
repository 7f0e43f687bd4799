import { prisma } from "../db/prisma";
import { sqlite, writeTransaction } from "../db/sqlite";
import { auth, PASSWORD_MIN } from "./auth";
import { isRole, type Role } from "./roles";

export class UserInputError extends Error {}

/** Creates a user with a password (first admin, admin settings, CLI). Throws UserInputError on bad input. */
export async function createUser(input: { email: string; password: string; name?: string; role: Role }) {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UserInputError(`"${input.email}" is not an email address.`);
  checkPassword(input.password);
  if (!isRole(input.role)) throw new UserInputError(`Unknown role "${input.role}": use viewer, member or admin.`);
  if (await prisma().user.findUnique({ where: { email } })) throw new UserInputError(`A user with the email ${email} already exists.`);
  // Called without request headers, the admin plugin's createUser is a trusted server call. Its types
  // only know its built-in roles; Rebound's three are plain strings to it.
  const result = await auth().api.createUser({
    body: { email, password: input.password, name: input.name?.trim() || email.split("@")[0], role: input.role as "admin" },
  });
  return result.user;
}

export function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN) throw new UserInputError(`The password needs at least ${PASSWORD_MIN} characters.`);
  if (password.length > 128) throw new UserInputError("The password is too long (128 characters at most).");
  if (/^(.)\1+$/.test(password) || /^(0123456789|1234567890|password)/i.test(password)) throw new UserInputError("That password is too easy to guess.");
}

export async function listUsers() {
  return prisma().user.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, name: true, email: true, role: true, banned: true, createdAt: true } });
}

export async function setUserRole(id: string, role: Role) {
  await prisma().user.update({ where: { id }, data: { role, updatedAt: new Date() } });
}

/** Disabling signs the user out everywhere; their tokens stop working too. */
export async function setUserDisabled(id: string, disabled: boolean) {
  // One short IMMEDIATE transaction that waits for an import's lock asynchronously (lib/db/busy.ts),
  // like every interactive write: a Prisma batch transaction would wait inside the driver instead.
  const db = sqlite();
  await writeTransaction(db, () => {
    db.prepare("UPDATE User SET banned = ?, banReason = ?, updatedAt = ? WHERE id = ?").run(
      disabled ? 1 : 0,
      disabled ? "Disabled by an admin" : null,
      Date.now(),
      id,
    );
    if (disabled) db.prepare("DELETE FROM Session WHERE userId = ?").run(id);
  });
}
