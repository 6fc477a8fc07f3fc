import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export interface PrismaClientOptions {
  /** Connection pool size. */
  max?: number;
}

/** Prisma 7 talks to Postgres through the `pg` driver adapter. */
export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

export { PrismaClient, Prisma } from './generated/client';
export type * from './generated/models';
export type {
  Organization, ApiKey, Provider, Model, Endpoint, Generation, LedgerEntry, Team, User, Membership, Budget, BudgetAlert,
  CreditTransaction, Policy, ProviderCredential, AuditLog, Guardrail, AlertDestination, AlertRule, AlertEventRecord,
} from './generated/client';
export * from './generated/enums';
export { isDataError, isUnavailableError, postgresErrorOf, storableText, type PostgresError } from './errors';
export { spentSince, type SpendScope } from './scope-spend';
