/** Client-side helpers for the chaos cases: requests that may be aborted, and SSE bodies read to the end. */
export interface Outcome {
  status: number;
  /** The response body as far as it arrived (an aborted stream stops where it was cut). */
  text: string;
  aborted: boolean;
  /** Time from sending to the abort (when aborted). */
  abortedAt?: number;
  ms: number;
}

export interface ChatOptions {
  key: string;
  body: Record<string, unknown>;
  /** Abort the request this long after sending it. */
  abortAfterMs?: number;
  path?: string;
  timeoutMs?: number;
}

export async function send(gatewayUrl: string, { key, body, abortAfterMs, path = '/api/v1/chat/completions', timeoutMs = 30_000 }: ChatOptions): Promise<Outcome> {
  const started = Date.now();
  const controller = new AbortController();
  let abortedAt: number | undefined;
  const abortTimer = abortAfterMs === undefined ? undefined : setTimeout(() => ((abortedAt = Date.now()), controller.abort()), abortAfterMs);
  const hangTimer = setTimeout(() => controller.abort(new Error('hung')), timeoutMs);
  let status = 0;
  let text = '';
  try {
    const res = await fetch(`${gatewayUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    status = res.status;
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    if (abortedAt === undefined) {
      if (controller.signal.reason instanceof Error && controller.signal.reason.message === 'hung') throw new Error(`request hung for ${timeoutMs} ms: ${JSON.stringify(body).slice(0, 200)}`);
      throw error;
    }
  } finally {
    clearTimeout(abortTimer);
    clearTimeout(hangTimer);
  }
  return { status, text, aborted: abortedAt !== undefined, abortedAt: abortedAt === undefined ? undefined : abortedAt - started, ms: Date.now() - started };
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at once. */
export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** The `data:` payloads of an SSE body, `[DONE]` included. */
export function sseData(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6));
}
