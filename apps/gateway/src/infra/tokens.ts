export const REDIS = Symbol('REDIS');
export const PRISMA = Symbol('PRISMA');
export const COMPLETIONS_QUEUE = Symbol('COMPLETIONS_QUEUE');
export const COMPLETIONS_CONNECTION = Symbol('COMPLETIONS_CONNECTION');
export const INSTANCE_ID = Symbol('INSTANCE_ID');
export const LOGGER = Symbol('LOGGER');
export const USAGE_QUEUE = Symbol('USAGE_QUEUE');
