import { isDataError, isUnavailableError, postgresErrorOf, storableText } from './errors';

const rawQueryError = (originalCode: string) => ({
  code: 'P2010',
  meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode, originalMessage: `failed with ${originalCode}`, kind: 'postgres' } } },
});

describe('Postgres error classification', () => {
  it("reads Postgres' code and message from a query's error and from an adapter error", () => {
    expect(postgresErrorOf(rawQueryError('22003'))).toEqual({ code: '22003', message: 'failed with 22003' });
    expect(postgresErrorOf({ cause: { originalCode: '23505' } })).toEqual({ code: '23505', message: '23505' });
    expect(postgresErrorOf(new Error('connection terminated'))).toBeUndefined();
    expect(postgresErrorOf(null)).toBeUndefined();
  });

  it('treats data exceptions and constraint violations as data errors, not connection trouble', () => {
    expect(isDataError(rawQueryError('22021'))).toBe(true);
    expect(isDataError(rawQueryError('23503'))).toBe(true);
    expect(isDataError(rawQueryError('57P01'))).toBe(false);
    expect(isDataError(new Error('ECONNREFUSED'))).toBe(false);
  });

  it('recognises an unreachable or restarting database, and nothing else', () => {
    expect(isUnavailableError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnavailableError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isUnavailableError({ message: 'query failed', cause: { code: 'ECONNRESET' } })).toBe(true);
    expect(isUnavailableError(rawQueryError('57P01'))).toBe(true);
    expect(isUnavailableError(rawQueryError('08006'))).toBe(true);
    expect(isUnavailableError(rawQueryError('23505'))).toBe(false);
    expect(isUnavailableError(new Error('Cannot read properties of undefined'))).toBe(false);
  });

  it('strips U+0000 and leaves other text and null alone', () => {
    expect(storableText('a\u0000b\u0000')).toBe('ab');
    expect(storableText('plain')).toBe('plain');
    expect(storableText(null)).toBeNull();
  });
});
