import { useInfiniteQuery } from '@tanstack/react-query';
import { api, query } from '../api/client';
import type { AuditEntry } from '../api/types';
import { Button, ErrorNote, PageHeader } from '../ui/controls';
import { formatTime } from '../ui/format';
import { SimpleTable } from '../ui/simple-table';

export default function AuditPage() {
  const audit = useInfiniteQuery({
    queryKey: ['audit'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<{ data: AuditEntry[]; next_before: string | null }>(`/api/v1/audit-logs${query({ limit: 50, before: pageParam })}`),
    getNextPageParam: (page) => page.next_before,
  });
  return (
    <section>
      <PageHeader title="Audit log" description="Every admin action: who, what, when, before and after (never a secret)." />
      <ErrorNote error={audit.error} />
      <SimpleTable
        caption="Audit log, newest first"
        rows={audit.data?.pages.flatMap((page) => page.data)}
        rowKey={(entry) => entry.id}
        empty="Nothing has been changed yet."
        columns={[
          { header: 'When', cell: (e) => formatTime(e.created_at) },
          { header: 'Actor', cell: (e) => <code>{e.actor}</code> },
          { header: 'Action', cell: (e) => <strong>{e.action}</strong> },
          { header: 'Target', cell: (e) => `${e.targetType} ${e.targetId ?? ""}` },
          {
            header: 'Change',
            cell: (e) => (
              <details>
                <summary>before / after</summary>
                <pre className="json">{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre>
              </details>
            ),
          },
        ]}
      />
      {audit.hasNextPage && (
        <Button onClick={() => void audit.fetchNextPage()} disabled={audit.isFetchingNextPage}>
          Older entries
        </Button>
      )}
    </section>
  );
}
