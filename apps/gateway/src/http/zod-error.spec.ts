import { z } from 'zod';
import { zodToApiError } from './zod-error';

describe('zodToApiError', () => {
  it('names unknown fields of a strict body, nested ones with their path', () => {
    const schema = z.strictObject({ name: z.string(), rate_limits: z.strictObject({ rpm: z.number() }).optional() });
    const top = zodToApiError(schema.safeParse({ name: 'x', limit_resett: 'daily', foo: 1 }).error!);
    expect(top).toMatchObject({ status: 400, code: 'unknown_field', param: 'limit_resett', message: "Unknown fields 'limit_resett', 'foo': not accepted by this endpoint" });
    const nested = zodToApiError(schema.safeParse({ name: 'x', rate_limits: { rpm: 1, rpd: 2 } }).error!);
    expect(nested).toMatchObject({ param: 'rate_limits.rpd', message: "Unknown field 'rate_limits.rpd': not accepted by this endpoint" });
  });

  it('names the field of any other issue', () => {
    expect(zodToApiError(z.object({ a: z.array(z.number()) }).safeParse({ a: [1, 'x'] }).error!)).toMatchObject({ code: 'invalid_request', param: 'a[1]' });
  });
});
