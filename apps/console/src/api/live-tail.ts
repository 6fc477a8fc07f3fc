import { useEffect, useState } from 'react';
import type { LogRow } from './types';

export type TailState = 'connecting' | 'live' | 'reconnecting' | 'off';

/**
 * The live request log: one EventSource on /api/console/tail, rows pushed by the gateway as analytics
 * commits them (no polling). The browser reconnects on its own after a network drop.
 */
export function useLiveTail(enabled: boolean, filters: string, onRows: (rows: LogRow[]) => void): TailState {
  const [state, setState] = useState<TailState>(enabled ? 'connecting' : 'off');
  useEffect(() => {
    if (!enabled) {
      setState('off');
      return;
    }
    setState('connecting');
    const source = new EventSource(`/api/console/tail${filters}`);
    source.addEventListener('ready', () => setState('live'));
    source.addEventListener('requests', (event) => onRows(JSON.parse((event as MessageEvent<string>).data) as LogRow[]));
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting');
    return () => source.close();
  }, [enabled, filters, onRows]);
  return state;
}
