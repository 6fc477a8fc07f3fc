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

/** Postgres text cannot hold U+0000; a provider's error message or finish reason may contain one. */
export function storableText<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
}
