import { parseRoleMap, roleFromClaims } from './role-mapping';

describe('OIDC claim-to-role mapping', () => {
  const map = parseRoleMap('platform-admins=admin, finance=viewer,eng=member,root=owner');

  it('parses pairs and refuses unknown roles or malformed pairs', () => {
    expect([...map]).toEqual([
      ['platform-admins', 'admin'],
      ['finance', 'viewer'],
      ['eng', 'member'],
      ['root', 'owner'],
    ]);
    expect(parseRoleMap('').size).toBe(0);
    expect(() => parseRoleMap('x=superuser')).toThrow(/OIDC_ROLE_MAP/);
    expect(() => parseRoleMap('=admin')).toThrow(/OIDC_ROLE_MAP/);
  });

  it('takes the highest role among the claim values, from an array or a single string', () => {
    expect(roleFromClaims({ groups: ['finance', 'platform-admins'] }, 'groups', map)).toBe('admin');
    expect(roleFromClaims({ groups: ['finance'] }, 'groups', map)).toBe('viewer');
    expect(roleFromClaims({ role: 'root' }, 'role', map)).toBe('owner');
    expect(roleFromClaims({ groups: ['other', 42] }, 'groups', map)).toBeNull();
    expect(roleFromClaims({}, 'groups', map)).toBeNull();
  });
});
