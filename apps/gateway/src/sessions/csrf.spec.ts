import type { Request } from 'express';
import { isSameOrigin, isStateChanging, passesCsrfCheck } from './csrf';

const request = (method: string, headers: Record<string, string>) => ({ method, protocol: 'https', headers: { host: 'gw.example.com', ...headers } }) as unknown as Request;

describe('console CSRF check', () => {
  it('treats only GET, HEAD and OPTIONS as safe', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].map((m) => isStateChanging(request(m, {})))).toEqual([false, false, false]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map((m) => isStateChanging(request(m, {})))).toEqual([true, true, true, true]);
  });

  it('needs the session token in the header and, when sent, our own origin', () => {
    expect(passesCsrfCheck(request('POST', { 'x-csrf-token': 'token-123' }), 'token-123')).toBe(true);
    expect(passesCsrfCheck(request('POST', { 'x-csrf-token': 'token-123', origin: 'https://gw.example.com' }), 'token-123')).toBe(true);
    expect(passesCsrfCheck(request('POST', {}), 'token-123')).toBe(false);
    expect(passesCsrfCheck(request('POST', { 'x-csrf-token': 'token-124' }), 'token-123')).toBe(false);
    expect(passesCsrfCheck(request('POST', { 'x-csrf-token': 'token-123', origin: 'https://evil.example' }), 'token-123')).toBe(false);
    expect(isSameOrigin(request('POST', { origin: 'http://gw.example.com' }))).toBe(false);
  });
});
