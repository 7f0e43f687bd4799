import "server-only";
import { prisma } from "../db/prisma";

/** A teammate's account by id, or null. */
export async function findUserById(id: string) {
  return prisma().user.findUnique({ where: { id } });
}

/** A teammate's account by email (stored lower-case), or null. */
export async function findUserByEmail(email: string) {
  return prisma().user.findUnique({ where: { email: email.toLowerCase() } });
}
