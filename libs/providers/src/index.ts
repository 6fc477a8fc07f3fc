export * from './core/adapter';
export * from './core/sse-framer';
export * from './core/http-client';
export * from './core/registry';
export * from './openai/openai.adapter';
export * from './registry';
