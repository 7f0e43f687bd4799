-- AlterTable
ALTER TABLE "Import" ADD COLUMN "firstSubscriberId" INTEGER;
ALTER TABLE "Import" ADD COLUMN "rollbackProgress" REAL;
