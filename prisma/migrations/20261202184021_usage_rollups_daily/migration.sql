-- CreateTable
CREATE TABLE "usage_rollups_daily" (
    "org_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
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

    CONSTRAINT "usage_rollups_daily_pkey" PRIMARY KEY ("org_id","day","key_id","team_id","model","provider_id")
);

-- Backfill from the hourly rollups kept so far (the histograms summed bucket by bucket).
INSERT INTO "usage_rollups_daily" ("org_id", "day", "key_id", "team_id", "model", "provider_id", "requests", "errors", "cache_hits",
    "prompt_tokens", "completion_tokens", "cached_tokens", "reasoning_tokens", "cost_usd", "latency_hist", "ttft_hist")
SELECT "org_id", "hour"::date, "key_id", "team_id", "model", "provider_id", sum("requests"), sum("errors"), sum("cache_hits"),
    sum("prompt_tokens"), sum("completion_tokens"), sum("cached_tokens"), sum("reasoning_tokens"), sum("cost_usd"),
    ARRAY[sum("latency_hist"[1]), sum("latency_hist"[2]), sum("latency_hist"[3]), sum("latency_hist"[4]), sum("latency_hist"[5]), sum("latency_hist"[6]), sum("latency_hist"[7]), sum("latency_hist"[8]), sum("latency_hist"[9]), sum("latency_hist"[10]), sum("latency_hist"[11])]::int[], ARRAY[sum("ttft_hist"[1]), sum("ttft_hist"[2]), sum("ttft_hist"[3]), sum("ttft_hist"[4]), sum("ttft_hist"[5]), sum("ttft_hist"[6]), sum("ttft_hist"[7]), sum("ttft_hist"[8]), sum("ttft_hist"[9]), sum("ttft_hist"[10]), sum("ttft_hist"[11])]::int[]
FROM "usage_rollups_hourly"
GROUP BY 1, 2, 3, 4, 5, 6;
