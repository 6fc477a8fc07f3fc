// An OTLP/HTTP trace receiver for the benchmark: answers every export as a collector would (OTLP/JSON,
// an empty ExportTraceServiceResponse) and counts what arrived per service, so a run with tracing on
// proves the spans really left the services.
import { createServer } from 'node:http';

const serviceOf = (resourceSpans) =>
  resourceSpans.resource?.attributes?.find((attribute) => attribute.key === 'service.name')?.value?.stringValue ?? 'unknown';

export async function startOtlpSink() {
  const received = { requests: 0, bytes: 0, spans: {} };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.requests += 1;
      received.bytes += body.length;
      try {
        for (const resourceSpans of JSON.parse(body.toString('utf8')).resourceSpans ?? []) {
          const count = (resourceSpans.scopeSpans ?? []).reduce((sum, scope) => sum + (scope.spans?.length ?? 0), 0);
          const service = serviceOf(resourceSpans);
          received.spans[service] = (received.spans[service] ?? 0) + count;
        }
      } catch {
        received.unreadable = (received.unreadable ?? 0) + 1; // not OTLP/JSON: counted in bytes only
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref(); // a bench that fails before stop() must still exit
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    received,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
