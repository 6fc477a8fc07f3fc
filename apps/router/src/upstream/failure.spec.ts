import { classifyTransportError, isFailoverStatus } from './failure';

describe('failover decisions', () => {
  it.each([
    [500, true],
    [502, true],
    [503, true],
    [529, true],
    [429, true],
    [408, true],
    [401, true],
    [403, true],
    [404, true],
    [400, false],
    [413, false],
    [422, false],
  ])('HTTP %i → fail over: %s', (status, expected) => {
    expect(isFailoverStatus(status)).toBe(expected);
  });

  it('classifies transport errors', () => {
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }))).toBe('timeout');
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('connect_error');
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }))).toBe('connect_error');
    expect(classifyTransportError(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe('cancelled');
  });
});
