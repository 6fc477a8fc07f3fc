export * from './config.schema';
export * from './load-config';
export * from './interpolate';
export * from './types';
export * from './catalog';
export * from './pricing';
export * from './default-prices';
export * from './format-parameters';
