import type { Principal } from '../auth/auth.service';
import { DEFAULT_ORG_ID } from '../organizations/org-scope';
import type { ConsoleSession } from './session.store';

/**
 * What the console shows about who is signed in and which controls to offer. The server enforces
 * every one of these on its own; the console only hides what would be refused.
 */
export function toSessionView(session: ConsoleSession, principal: Principal) {
  const role = principal.kind === 'admin' ? 'owner' : (principal.key.role ?? 'admin');
  const name =
    session.subject.kind === 'member' ? session.subject.email : session.subject.kind === 'admin' ? 'Admin key' : `Key ${principal.kind === 'admin' ? '' : principal.key.name}`;
  return {
    via: session.via,
    name,
    role,
    org_id: principal.kind === 'admin' ? DEFAULT_ORG_ID : principal.key.orgId,
    admin_key: session.subject.kind === 'admin',
    /** The admin key not switched into an organisation: it acts deployment-wide (and edits the catalog). */
    deployment_wide: principal.kind === 'admin',
    csrf_token: session.csrf,
    permissions: {
      /** Create and edit keys, budgets, policies, teams, credentials. */
      write: role === 'owner' || role === 'admin',
      /** Make requests in the playground (with the member's own keys for a `member`). */
      playground: role !== 'viewer',
      /** The catalog is deployment-wide: prices and status are the admin key's to edit. */
      edit_catalog: principal.kind === 'admin',
    },
  };
}
export type SessionView = ReturnType<typeof toSessionView>;
