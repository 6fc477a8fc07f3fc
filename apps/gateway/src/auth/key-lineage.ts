import type { StoredKey } from './api-key.repository';

/** The first key of a key's rotation lineage: key-scoped rules are bound to it, so they follow every rotation. */
export const lineageOf = (key: Pick<StoredKey, 'id' | 'lineageId'>): string => key.lineageId ?? key.id;

/** The scope ids a key-scoped rule may be stored under for this key: its lineage's first key (and the key itself, for rows bound before lineages). */
export const keyScopeIds = (key: Pick<StoredKey, 'id' | 'lineageId'>): string[] => [...new Set([lineageOf(key), key.id])];
