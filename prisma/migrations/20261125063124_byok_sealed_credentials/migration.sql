-- AlterTable
ALTER TABLE "provider_credentials" DROP COLUMN "auth_tag",
DROP COLUMN "ciphertext",
DROP COLUMN "iv",
ADD COLUMN     "sealed" TEXT NOT NULL;
