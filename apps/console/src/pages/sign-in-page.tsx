import { type FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { useSession } from '../api/session';
import { ThemeToggle } from '../layout/shell';
import { Button, ErrorNote, Field } from '../ui/controls';

export function SignInPage() {
  const { signIn } = useSession();
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const options = useQuery({ queryKey: ['auth-options'], queryFn: () => api<{ data: { oidc: boolean } }>('/api/console/auth-options') });
  const ssoError = new URLSearchParams(location.search).get('error');
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(key);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-top">
          <span className="brand">AllTokens</span>
          <ThemeToggle />
        </div>
        <h1>Sign in to the console</h1>
        {ssoError && <p className="error-note" role="alert">{ssoError}</p>}
        {options.data?.data.oidc && (
          <>
            <a className="btn btn-primary btn-block" href="/api/console/oidc/login">
              Sign in with single sign-on
            </a>
            <p className="divider">or</p>
          </>
        )}
        <form onSubmit={submit}>
          <Field label="Management key" hint="The admin key (ALLTOKENS_ADMIN_KEY) or a management key. It is never stored in the browser.">
            {(id) => <input id={id} type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} required />}
          </Field>
          <ErrorNote error={error} />
          <Button type="submit" variant={options.data?.data.oidc ? 'secondary' : 'primary'} className="btn-block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in with key'}
          </Button>
        </form>
      </div>
    </main>
  );
}
