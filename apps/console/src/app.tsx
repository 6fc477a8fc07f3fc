import { lazy, Suspense } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { useSession } from './api/session';
import { Shell } from './layout/shell';
import { SignInPage } from './pages/sign-in-page';

const OverviewPage = lazy(() => import('./pages/overview-page'));
const LogsPage = lazy(() => import('./pages/logs-page'));
const RequestPage = lazy(() => import('./pages/request-page'));
const KeysPage = lazy(() => import('./pages/keys-page'));
const BudgetsPage = lazy(() => import('./pages/budgets-page'));
const PoliciesPage = lazy(() => import('./pages/policies-page'));
const GuardrailsPage = lazy(() => import('./pages/guardrails-page'));
const AlertsPage = lazy(() => import('./pages/alerts-page'));
const TeamsPage = lazy(() => import('./pages/teams-page'));
const CredentialsPage = lazy(() => import('./pages/credentials-page'));
const ModelsPage = lazy(() => import('./pages/models-page'));
const PlaygroundPage = lazy(() => import('./pages/playground-page'));
const AuditPage = lazy(() => import('./pages/audit-page'));

export function App() {
  const { session, loading } = useSession();
  if (loading) return <p className="loading">Loading…</p>;
  if (!session) {
    return (
      <Switch>
        <Route path="/sign-in" component={SignInPage} />
        <Route>
          <Redirect to="/sign-in" replace />
        </Route>
      </Switch>
    );
  }
  return (
    <Shell>
      <Suspense fallback={<p className="loading">Loading…</p>}>
        <Switch>
          <Route path="/" component={OverviewPage} />
          <Route path="/logs" component={LogsPage} />
          <Route path="/logs/:id">{(params) => <RequestPage id={params.id} />}</Route>
          <Route path="/keys" component={KeysPage} />
          <Route path="/budgets" component={BudgetsPage} />
          <Route path="/policies" component={PoliciesPage} />
          <Route path="/guardrails" component={GuardrailsPage} />
          <Route path="/alerts" component={AlertsPage} />
          <Route path="/teams" component={TeamsPage} />
          <Route path="/credentials" component={CredentialsPage} />
          <Route path="/models" component={ModelsPage} />
          <Route path="/playground" component={PlaygroundPage} />
          <Route path="/audit" component={AuditPage} />
          <Route path="/sign-in">
            <Redirect to="/" replace />
          </Route>
          <Route>
            <section>
              <h1>Not found</h1>
              <p>There is no such page in the console.</p>
            </section>
          </Route>
        </Switch>
      </Suspense>
    </Shell>
  );
}
