-- DropIndex
-- IF EXISTS: a big import interrupted before this migration may have dropped it already (lib/ingest/bulk-indexes.ts).
DROP INDEX IF EXISTS "Bounce_importId_idx";
