import "server-only";
import { DEFAULT_PLATFORM_NAME } from "../categories";
import { prisma } from "../db/prisma";

export async function getPlatformName(): Promise<string> {
  const row = await prisma().setting.findUnique({ where: { key: "platformName" } });
  return row?.value || DEFAULT_PLATFORM_NAME;
}

export async function setPlatformName(name: string): Promise<void> {
  const value = name.trim().slice(0, 80);
  await prisma().setting.upsert({ where: { key: "platformName" }, create: { key: "platformName", value }, update: { value } });
}
