import type { Response } from 'express';
import { openSseStream, SSE_DONE, sseData } from '../http/sse';
import type { CacheEntry } from './response-cache.service';

/** Replays a cached reply under this request's id, with a zero cost: a body as JSON, a stream as the same events. */
export function replayCached(res: Response, entry: CacheEntry, requestId: string): void {
  res.setHeader('x-alltokens-cache', 'hit');
  if (entry.body !== undefined) {
    res.status(200).json(rewrite(JSON.parse(entry.body), requestId));
    return;
  }
  openSseStream(res);
  for (const chunk of entry.chunks ?? []) res.write(sseData(JSON.stringify(rewrite(JSON.parse(chunk), requestId))));
  res.end(SSE_DONE);
}

function rewrite(payload: Record<string, unknown>, requestId: string): Record<string, unknown> {
  payload.id = requestId;
  const usage = payload.usage as Record<string, unknown> | null | undefined;
  if (usage) usage.cost = 0;
  return payload;
}
