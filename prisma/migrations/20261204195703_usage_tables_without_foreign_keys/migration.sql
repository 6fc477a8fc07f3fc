-- The append-only usage tables keep their key and org ids without foreign keys: analytics inserts a generation only
-- by joining its key (and takes the key's org), and the per-row checks cost 18 % of Postgres' CPU per event.

-- DropForeignKey
ALTER TABLE "generations" DROP CONSTRAINT "generations_org_id_fkey";

-- DropForeignKey
ALTER TABLE "generations" DROP CONSTRAINT "generations_key_id_fkey";

-- DropForeignKey
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_org_id_fkey";

-- DropForeignKey
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_key_id_fkey";
