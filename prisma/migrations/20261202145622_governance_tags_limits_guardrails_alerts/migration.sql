-- CreateEnum
CREATE TYPE "LimitReset" AS ENUM ('daily', 'weekly', 'monthly');

-- CreateEnum
CREATE TYPE "BudgetScope" AS ENUM ('organization', 'team', 'key', 'tag', 'end_user');

-- CreateEnum
CREATE TYPE "AlertDestinationKind" AS ENUM ('webhook', 'slack');

-- CreateEnum
CREATE TYPE "AlertRuleType" AS ENUM ('budget_threshold', 'error_rate', 'latency', 'breaker_open');

-- DropIndex
DROP INDEX "budgets_scope_scope_id_period_key";

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "limit_reset" "LimitReset",
ADD COLUMN     "lineage_id" TEXT,
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "generations" ADD COLUMN     "end_user" TEXT,
ADD COLUMN     "guardrails" JSONB,
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
-- Kept by hand: the budgets keep their scope (Prisma's diff would drop and re-add the column).
ALTER TABLE "budgets" ADD COLUMN     "webhook_secret" TEXT,
ALTER COLUMN "scope" TYPE "BudgetScope" USING ("scope"::text::"BudgetScope");

-- CreateTable
CREATE TABLE "guardrails" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "scope" "ScopeKind" NOT NULL,
    "scope_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prompt" JSONB NOT NULL,
    "response" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "guardrails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_destinations" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AlertDestinationKind" NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_destinations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "AlertRuleType" NOT NULL,
    "destination_ids" TEXT[],
    "endpoint_id" TEXT,
    "threshold" DOUBLE PRECISION,
    "percentile" INTEGER,
    "window_seconds" INTEGER NOT NULL DEFAULT 300,
    "min_requests" INTEGER NOT NULL DEFAULT 20,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "rule_id" TEXT,
    "type" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_rollups_dimension_hourly" (
    "org_id" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "value" TEXT NOT NULL,
    "requests" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "cache_hits" INTEGER NOT NULL,
    "prompt_tokens" BIGINT NOT NULL,
    "completion_tokens" BIGINT NOT NULL,
    "cached_tokens" BIGINT NOT NULL,
    "reasoning_tokens" BIGINT NOT NULL,
    "cost_usd" DECIMAL(20,10) NOT NULL,
    "latency_hist" INTEGER[],
    "ttft_hist" INTEGER[],

    CONSTRAINT "usage_rollups_dimension_hourly_pkey" PRIMARY KEY ("org_id","dimension","hour","value")
);

-- CreateIndex
CREATE INDEX "guardrails_scope_scope_id_idx" ON "guardrails"("scope", "scope_id");

-- CreateIndex
CREATE INDEX "guardrails_org_id_idx" ON "guardrails"("org_id");

-- CreateIndex
CREATE INDEX "alert_destinations_org_id_idx" ON "alert_destinations"("org_id");

-- CreateIndex
CREATE INDEX "alert_rules_org_id_idx" ON "alert_rules"("org_id");

-- CreateIndex
CREATE INDEX "alert_events_org_id_created_at_idx" ON "alert_events"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "api_keys_lineage_id_idx" ON "api_keys"("lineage_id");

-- CreateIndex
CREATE INDEX "generations_tags_idx" ON "generations" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "generations_org_id_end_user_created_at_idx" ON "generations"("org_id", "end_user", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "budgets_org_id_scope_scope_id_period_key" ON "budgets"("org_id", "scope", "scope_id", "period");
