import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

/** A write through the admin API; on success the named queries are refetched. */
export function useWrite<TInput, TResult = unknown>(request: (input: TInput) => { path: string; method: string; body?: unknown }, invalidate: string[][]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TInput) => {
      const { path, method, body } = request(input);
      return api<TResult>(path, { method, body });
    },
    onSuccess: () => Promise.all(invalidate.map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
}
