export type MemberRole = 'owner' | 'admin' | 'member' | 'viewer';
const RANK: Record<MemberRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };
const isRole = (value: string): value is MemberRole => value in RANK;

/** `OIDC_ROLE_MAP`: `claim value=role` pairs, comma-separated (`platform-admins=admin,finance=viewer`). */
export function parseRoleMap(spec: string): Map<string, MemberRole> {
  const map = new Map<string, MemberRole>();
  for (const pair of spec.split(',').map((part) => part.trim()).filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const value = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at <= 0 || !value || !isRole(role)) throw new Error(`OIDC_ROLE_MAP: '${pair}' is not 'claim value=owner|admin|member|viewer'`);
    map.set(value, role);
  }
  return map;
}

/** The highest role any value of the claim maps to (a string, or an array as `groups` usually is), or null. */
export function roleFromClaims(claims: Record<string, unknown>, claim: string, map: Map<string, MemberRole>): MemberRole | null {
  const raw = claims[claim];
  const values = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  let best: MemberRole | null = null;
  for (const value of values) {
    const role = typeof value === 'string' ? map.get(value) : undefined;
    if (role && (best === null || RANK[role] > RANK[best])) best = role;
  }
  return best;
}
