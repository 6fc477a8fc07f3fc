import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('logger redaction', () => {
  it('censors secret fields, secrets in messages and secrets in errors', () => {
    const { lines, stream } = capture();
    const logger = createLogger('test', 'info', stream);
    logger.info({ headers: { authorization: 'Bearer sk-at-v1-abcdefabcdefabcdef' }, apiKey: 'plain-secret-value' }, 'called with Bearer sk-live-0123456789abcdef');
    logger.error({ err: new Error('Incorrect API key provided: sk-proj-0123456789abcdefghij') }, 'upstream failed');
    const text = lines.join('');
    expect(text).not.toContain('sk-at-v1-abcdef');
    expect(text).not.toContain('plain-secret-value');
    expect(text).not.toContain('sk-live-0123456789abcdef');
    expect(text).not.toContain('sk-proj-0123456789abcdefghij');
    expect(text).toContain('upstream failed');
    expect(text).toContain('Incorrect API key provided');
  });
});
