-- CreateTable
CREATE TABLE "usage_rollups_hourly" (
    "org_id" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "key_id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
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

    CONSTRAINT "usage_rollups_hourly_pkey" PRIMARY KEY ("org_id","hour","key_id","team_id","model","provider_id")
);
