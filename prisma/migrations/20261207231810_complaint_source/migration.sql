-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN "messageNo" INTEGER;
ALTER TABLE "Complaint" ADD COLUMN "sourceFile" TEXT;
