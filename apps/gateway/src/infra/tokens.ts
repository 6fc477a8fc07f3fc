export const REDIS = Symbol('REDIS');
export const PRISMA = Symbol('PRISMA');
export const COMPLETION_JOBS = Symbol('COMPLETION_JOBS');
export const COMPLETIONS_CONNECTION = Symbol('COMPLETIONS_CONNECTION');
export const INSTANCE_ID = Symbol('INSTANCE_ID');
export const LOGGER = Symbol('LOGGER');
export const USAGE_EMITTER = Symbol('USAGE_EMITTER');
