-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "stream_continuation" BOOLEAN NOT NULL DEFAULT true;
