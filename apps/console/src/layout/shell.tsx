import { type ReactNode, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useSignedIn, useSession } from '../api/session';
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
        <p className="org muted">Organisation: {session.org_id}</p>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
