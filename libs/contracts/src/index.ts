export * from './queues';
export * from './errors';
export * from './trace';
export * from './completion-job';
export * from './usage-event';
export * from './reply';
export * from './openai/chat-request.schema';
export * from './openai/chat-response.types';
