import { type ReactNode, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { useSignedIn, useSession } from '../api/session';
import type { OrganizationChoice } from '../api/types';
import { Badge, Button } from '../ui/controls';
import { applyTheme, useTheme } from './theme';

export const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/logs', label: 'Logs' },
  { href: '/keys', label: 'Keys' },
  { href: '/budgets', label: 'Budgets & alerts' },
  { href: '/policies', label: 'Policies' },
  { href: '/guardrails', label: 'Guardrails' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/teams', label: 'Teams & members' },
  { href: '/credentials', label: 'Provider credentials' },
  { href: '/models', label: 'Models & providers' },
  { href: '/playground', label: 'Playground' },
  { href: '/audit', label: 'Audit log' },
] as const;

export function ThemeToggle() {
  const theme = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <Button variant="ghost" aria-label={`Switch to ${next} mode`} onClick={() => applyTheme(next)}>
      {theme === 'dark' ? '☀' : '☾'}
      <span className="wide-only"> {theme === 'dark' ? 'Light' : 'Dark'}</span>
    </Button>
  );
}

const DEPLOYMENT_WIDE = '';

/** The organisation the console acts in; a select when the session may act in more than one. */
function OrganizationSwitcher() {
  const session = useSignedIn();
  const { switchOrganization } = useSession();
  const choices = useQuery({ queryKey: ['organizations'], queryFn: () => api<{ data: OrganizationChoice[] }>('/api/console/organizations').then((r) => r.data) });
  const [error, setError] = useState<string | null>(null);
  const options = choices.data ?? [];
  if (!session.admin_key && options.length < 2) {
    return <p className="org muted">Organisation: {options[0]?.name ?? session.org_id}</p>;
  }
  return (
    <div className="org">
      <label htmlFor="organization">Organisation</label>
      <select
        id="organization"
        value={session.deployment_wide ? DEPLOYMENT_WIDE : session.org_id}
        onChange={(event) => {
          setError(null);
          switchOrganization(event.target.value === DEPLOYMENT_WIDE ? null : event.target.value).catch((failure: Error) => setError(failure.message));
        }}
      >
        {session.admin_key && <option value={DEPLOYMENT_WIDE}>All (admin key)</option>}
        {options.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </select>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const session = useSignedIn();
  const { signOut } = useSession();
  const [location] = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location]);
  const current = NAV.find((item) => (item.href === '/' ? location === '/' : location.startsWith(item.href)));
  useEffect(() => {
    document.title = `${current?.label ?? 'Console'} · AllTokens`;
  }, [current]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Button variant="ghost" className="menu-button" aria-label="Menu" aria-expanded={menuOpen} aria-controls="sidebar" onClick={() => setMenuOpen(!menuOpen)}>
          ☰<span className="wide-only"> Menu</span>
        </Button>
        <span className="brand">AllTokens</span>
        <div className="topbar-end">
          <span className="who">
            {session.name} <Badge tone="info">{session.role}</Badge>
          </span>
          <ThemeToggle />
          <Button variant="ghost" onClick={() => void signOut()}>
            Sign out
          </Button>
        </div>
      </header>
      <nav id="sidebar" className={`sidebar ${menuOpen ? 'open' : ''}`} aria-label="Console">
        <ul>
          {NAV.map((item) => (
            <li key={item.href}>
              <Link href={item.href} aria-current={current?.href === item.href ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
        <OrganizationSwitcher />
      </nav>
      {/* A switch of organisation remounts the page: nothing (a live tail included) outlives it. */}
      <main id="main" tabIndex={-1} key={session.org_id + String(session.deployment_wide)}>
        {children}
      </main>
    </div>
  );
}
