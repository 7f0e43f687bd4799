-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN     "messageNo" INTEGER,
ADD COLUMN     "sourceFile" TEXT;
