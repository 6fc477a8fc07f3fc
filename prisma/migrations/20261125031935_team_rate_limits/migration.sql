-- AlterTable
ALTER TABLE "teams" ADD COLUMN     "max_concurrency" INTEGER,
ADD COLUMN     "rate_limit_rpm" INTEGER,
ADD COLUMN     "rate_limit_tpm" INTEGER;
