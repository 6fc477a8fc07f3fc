import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ApiKey, ModelWithEndpoints } from './types';

/** Reads several pages share, under one cache key each (so they also share one shape). */
export const useKeys = () => useQuery({ queryKey: ['keys'], queryFn: () => api<{ data: ApiKey[] }>('/api/v1/keys?limit=500').then((r) => r.data) });
export const useModels = (refetchInterval?: number) =>
  useQuery({ queryKey: ['models'], queryFn: () => api<{ data: ModelWithEndpoints[] }>('/api/console/models').then((r) => r.data), refetchInterval });
