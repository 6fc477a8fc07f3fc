import { ApiFailure, csrfHeader } from './client';

export interface RouteProof {
  requestId: string | null;
  headers: Array<[string, string]>;
}

/**
 * Sends a playground chat request and reads its SSE stream: the route proof (response headers) is
 * reported as soon as they arrive, then each content delta.
 */
export async function streamChat(body: unknown, onProof: (proof: RouteProof) => void, onDelta: (text: string) => void, signal: AbortSignal): Promise<void> {
  const res = await fetch('/api/console/playground/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...csrfHeader() },
    body: JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  const headers = [...res.headers.entries()].filter(([name]) => name.startsWith('x-alltokens-') || name === 'x-request-id');
  onProof({ requestId: res.headers.get('x-request-id'), headers });
  if (!res.ok || !res.body) {
    const error = ((await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiFailure(res.status, error?.code ?? `http_${res.status}`, error?.message ?? res.statusText);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
      if (!data || data === '[DONE]') continue;
      const chunk = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }>; error?: { message: string; code?: string } };
      if (chunk.error) throw new ApiFailure(502, chunk.error.code ?? 'stream_error', chunk.error.message);
      const text = chunk.choices?.[0]?.delta?.content;
      if (text) onDelta(text);
    }
  }
}
