export * from './job-options';
export * from './job-producer';
export * from './job-worker';
export * from './usage-emitter';
export * from './queue-options';
export * from './usage-journal';
