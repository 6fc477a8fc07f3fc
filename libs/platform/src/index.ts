export * from './env';
export * from './logger';
export * from './redis';
export * from './ids';
export * from './telemetry';
export * from './metrics';
export * from './tokenizer';
export * from './process';
