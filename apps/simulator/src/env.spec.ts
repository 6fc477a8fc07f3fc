import { optionsFromEnv } from './env';

describe('optionsFromEnv', () => {
  it('uses defaults and reads every variable', () => {
    expect(optionsFromEnv({})).toMatchObject({ port: 4010, host: '127.0.0.1', name: 'simulator', apiKey: undefined, chunks: 0 });
    expect(
      optionsFromEnv({
        SIM_PORT: '5000',
        SIM_HOST: '0.0.0.0',
        SIM_NAME: 'backup',
        SIM_API_KEY: 'k',
        SIM_LATENCY_MS: '20',
        SIM_CHUNK_INTERVAL_MS: '5',
        SIM_CHUNKS: '64',
        SIM_REPLY_CHARS: '10000',
        SIM_FAILURE_RATE: '0.1',
        SIM_FAILURE_STATUS: '503',
        SIM_BROKEN_TOOL_RATE: '0.2',
      }),
    ).toEqual({
      port: 5000,
      host: '0.0.0.0',
      name: 'backup',
      apiKey: 'k',
      latencyMs: 20,
      chunkIntervalMs: 5,
      chunks: 64,
      replyChars: 10000,
      failureRate: 0.1,
      failureStatus: 503,
      brokenToolRate: 0.2,
    });
  });

  it('lists every bad variable in one message', () => {
    expect(() => optionsFromEnv({ SIM_PORT: 'abc', SIM_FAILURE_RATE: '2', SIM_NAME: 'bad name' })).toThrow(
      /SIM_PORT[\s\S]*SIM_NAME[\s\S]*SIM_FAILURE_RATE/,
    );
  });
});
