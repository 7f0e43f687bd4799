-- AlterTable
ALTER TABLE "Subscriber" ADD COLUMN "lastDeliveredAt" DATETIME;
