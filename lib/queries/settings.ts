import "server-only";
import { DEFAULT_PLATFORM_NAME } from "../categories";
import { remember } from "../db/memo";
import { prisma } from "../db/prisma";
import { reader } from "../db/reader";
import { sqlite } from "../db/sqlite";

/** Asked by every page and tick that labels a step; written through Prisma, which any read then notices (data_version). */
export async function getPlatformName(): Promise<string> {
  const value = await remember(sqlite(), "platformName", [], () => reader().pluck<string>("SELECT value FROM Setting WHERE key = 'platformName'"));
  return value || DEFAULT_PLATFORM_NAME;
}

export async function setPlatformName(name: string): Promise<void> {
  const value = name.trim().slice(0, 80);
  await prisma().setting.upsert({ where: { key: "platformName" }, create: { key: "platformName", value }, update: { value } });
}
