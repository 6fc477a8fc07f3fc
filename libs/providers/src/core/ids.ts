import { randomUUID } from 'node:crypto';

/** A fresh id like OpenAI's (`call_` + 24 characters), for providers whose wire format has none. */
export const newId = (prefix: string): string => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 24)}`;
