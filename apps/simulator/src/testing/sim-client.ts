/** Small HTTP helpers for the simulator's specs: raw responses, SSE frames, socket errors. */

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Set when the connection failed before or during the body. */
  error?: Error;
}

export async function send(url: string, init: RequestInit & { json?: unknown; timeoutMs?: number } = {}): Promise<RawResponse> {
  const { json, timeoutMs = 5000, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(url, {
    method: json === undefined ? 'GET' : 'POST',
    ...rest,
    headers,
    body: json === undefined ? rest.body : JSON.stringify(json),
    signal: AbortSignal.timeout(timeoutMs),
  });
  let text = '';
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { status: response.status, headers: response.headers, text, error: error as Error };
  }
  return { status: response.status, headers: response.headers, text };
}

/** The `data:` payloads of an SSE body, in order. */
export function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

/** Parsed JSON payloads, without the final `[DONE]`. */
export const sseJson = (text: string): any[] =>
  sseData(text)
    .filter((data) => data !== '[DONE]')
    .map((data) => JSON.parse(data));
