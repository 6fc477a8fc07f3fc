import { type FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { useWrite } from '../api/mutations';
import { useSignedIn } from '../api/session';
import type { Member, Role, Team } from '../api/types';
import { Button, ErrorNote, Field, PageHeader } from '../ui/controls';
import { formatTime } from '../ui/format';
import { SimpleTable } from '../ui/simple-table';

const ROLES: Role[] = ['owner', 'admin', 'member', 'viewer'];
const limit = (value: number | null, unit: string) => (value === null ? null : `${value} ${unit}`);

export default function TeamsPage() {
  const session = useSignedIn();
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => api<{ data: Team[] }>('/api/v1/teams').then((r) => r.data) });
  const members = useQuery({ queryKey: ['members'], queryFn: () => api<{ data: Member[] }>('/api/v1/users').then((r) => r.data) });
  const createTeam = useWrite<Record<string, unknown>>((body) => ({ path: '/api/v1/teams', method: 'POST', body }), [['teams']]);
  const addMember = useWrite<Record<string, unknown>>((body) => ({ path: '/api/v1/users', method: 'POST', body }), [['members']]);
  const changeRole = useWrite<{ id: string; role: Role }>(({ id, role }) => ({ path: `/api/v1/users/${id}`, method: 'PATCH', body: { role } }), [['members']]);
  const removeMember = useWrite<string>((id) => ({ path: `/api/v1/users/${id}`, method: 'DELETE' }), [['members']]);
  const [team, setTeam] = useState({ name: '', rpm: '' });
  const [member, setMember] = useState({ email: '', role: 'member' as Role });
  const write = session.permissions.write;
  function submitTeam(event: FormEvent) {
    event.preventDefault();
    createTeam.mutate({ name: team.name, ...(team.rpm ? { rate_limits: { requests_per_minute: Number(team.rpm) } } : {}) }, { onSuccess: () => setTeam({ name: '', rpm: '' }) });
  }
  function submitMember(event: FormEvent) {
    event.preventDefault();
    addMember.mutate(member, { onSuccess: () => setMember({ email: '', role: 'member' }) });
  }
  return (
    <section>
      <PageHeader title="Teams & members" description="Teams share rate limits, budgets and policies; members sign in with a role." />
      <h2>Members</h2>
      <ErrorNote error={changeRole.error ?? removeMember.error} />
      <SimpleTable
        caption="Members"
        rows={members.data}
        rowKey={(m) => m.id}
        empty="No members yet."
        columns={[
          { header: 'Email', cell: (m) => m.email },
          { header: 'Name', cell: (m) => m.name ?? '—' },
          {
            header: 'Role',
            cell: (m) =>
              write ? (
                <select aria-label={`Role of ${m.email}`} value={m.role} onChange={(e) => changeRole.mutate({ id: m.id, role: e.target.value as Role })}>
                  {ROLES.map((role) => (
                    <option key={role}>{role}</option>
                  ))}
                </select>
              ) : (
                m.role
              ),
          },
          { header: 'Joined', cell: (m) => formatTime(m.joined_at) },
          ...(write ? [{ header: 'Actions', cell: (m: Member) => <Button variant="danger" aria-label={`Remove ${m.email}`} onClick={() => confirm(`Remove ${m.email}? Their keys are revoked.`) && removeMember.mutate(m.id)}>Remove</Button> }] : []),
        ]}
      />
      {write && (
        <form className="card form inline-form" onSubmit={submitMember} aria-labelledby="add-member">
          <h3 id="add-member">Add a member</h3>
          <Field label="Email">{(id) => <input id={id} type="email" value={member.email} onChange={(e) => setMember({ ...member, email: e.target.value })} required />}</Field>
          <Field label="Role">
            {(id) => (
              <select id={id} value={member.role} onChange={(e) => setMember({ ...member, role: e.target.value as Role })}>
                {ROLES.map((role) => (
                  <option key={role}>{role}</option>
                ))}
              </select>
            )}
          </Field>
          <Button type="submit" variant="primary" disabled={addMember.isPending}>
            Add
          </Button>
          <ErrorNote error={addMember.error} />
        </form>
      )}
      <h2>Teams</h2>
      <SimpleTable
        caption="Teams"
        rows={teams.data}
        rowKey={(t) => t.id}
        empty="No teams yet."
        columns={[
          { header: 'Name', cell: (t) => <strong>{t.name}</strong> },
          { header: 'Id', cell: (t) => <code>{t.id}</code> },
          {
            header: 'Rate limits',
            cell: (t) =>
              [limit(t.rate_limits.requests_per_minute, 'req/min'), limit(t.rate_limits.tokens_per_minute, 'tok/min'), limit(t.rate_limits.concurrent_requests, 'concurrent')].filter(Boolean).join(' · ') || (
                <span className="muted">none</span>
              ),
          },
          { header: 'Created', cell: (t) => formatTime(t.created_at) },
        ]}
      />
      {write && (
        <form className="card form inline-form" onSubmit={submitTeam} aria-labelledby="new-team">
          <h3 id="new-team">New team</h3>
          <Field label="Name">{(id) => <input id={id} value={team.name} onChange={(e) => setTeam({ ...team, name: e.target.value })} required />}</Field>
          <Field label="Requests per minute">{(id) => <input id={id} type="number" min="1" value={team.rpm} onChange={(e) => setTeam({ ...team, rpm: e.target.value })} />}</Field>
          <Button type="submit" variant="primary" disabled={createTeam.isPending}>
            Create team
          </Button>
          <ErrorNote error={createTeam.error} />
        </form>
      )}
    </section>
  );
}
