import type { StoredKey } from '../auth/api-key.repository';
import type { Principal } from '../auth/auth.service';
import { actingOrgId, DEFAULT_ORG_ID, orgScope } from './org-scope';

const management: Principal = { kind: 'management', key: { orgId: 'org-own' } as StoredKey };

describe('organisation scope', () => {
  it('keeps a management key in its own organisation whatever it names', () => {
    expect(orgScope(management, 'org-other')).toBe('org-own');
    expect(actingOrgId(management, 'org-other')).toBe('org-own');
  });

  it('lets the admin key name any organisation, or none (every one to read, the default to write)', () => {
    expect(orgScope({ kind: 'admin' }, 'org-x')).toBe('org-x');
    expect(orgScope({ kind: 'admin' })).toBeUndefined();
    expect(actingOrgId({ kind: 'admin' })).toBe(DEFAULT_ORG_ID);
  });

  it('has no place for inference keys', () => {
    expect(() => orgScope({ kind: 'inference', key: {} as StoredKey })).toThrow(expect.objectContaining({ status: 403, code: 'management_key_required' }));
  });
});
