export { prisma, createPrisma } from "./prisma";
export { sqlite, openSqlite } from "./sqlite";
