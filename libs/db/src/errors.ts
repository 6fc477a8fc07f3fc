export interface PostgresError {
  /** SQLSTATE, e.g. `22021`. */
  code: string;
  message: string;
}

interface AdapterCause {
  originalCode?: unknown;
  originalMessage?: unknown;
  code?: unknown;
  message?: unknown;
}

/**
 * What Postgres answered, wherever Prisma 7 and its `pg` adapter put it: `meta.driverAdapterError.cause`
 * on a query's error, `cause` on the adapter's own.
 */
export function postgresErrorOf(error: unknown): PostgresError | undefined {
  const record = error as { meta?: { driverAdapterError?: { cause?: AdapterCause } }; cause?: AdapterCause } | null;
  const cause = record?.meta?.driverAdapterError?.cause ?? record?.cause;
  const code = cause?.originalCode ?? cause?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  const message = cause?.originalMessage ?? cause?.message;
  return { code, message: typeof message === 'string' ? message : code };
}

/** Postgres rejected the values themselves (data exception, class 22, or a constraint, class 23): retrying cannot help. */
export function isDataError(error: unknown): boolean {
  const code = postgresErrorOf(error)?.code;
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}

/** Node socket errors, Postgres connection-exception (08) and shutdown (57P) classes, Prisma's "can't reach" codes. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'P1001', 'P1002', 'P1017']);
const UNREACHABLE_MESSAGE = /Connection terminated|connect ECONNREFUSED|Can't reach database server|Connection (?:is )?closed|timeout exceeded when trying to connect/i;

/** The database could not be reached or went away mid-query (down, restarting, network): retrying later can help. */
export function isUnavailableError(error: unknown): boolean {
  const pgCode = postgresErrorOf(error)?.code;
  if (pgCode !== undefined && (pgCode.startsWith('08') || pgCode.startsWith('57P'))) return true;
  let current = error as { code?: unknown; message?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; current && depth < 5; depth += 1, current = current.cause as typeof current) {
    if (typeof current.code === 'string' && UNREACHABLE_CODES.has(current.code)) return true;
    if (typeof current.message === 'string' && UNREACHABLE_MESSAGE.test(current.message)) return true;
  }
  return false;
}

/** Postgres text cannot hold U+0000; a provider's error message or finish reason may contain one. */
export function storableText<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
}
