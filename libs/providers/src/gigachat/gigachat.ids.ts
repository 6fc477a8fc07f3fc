import { newId } from '../core/ids';

const STATE_PREFIX = 'call_giga_';

/** A tool call id that carries GigaChat's `functions_state_id`, so the next turn can send it back. */
export const callIdFor = (stateId: string | undefined): string => (stateId ? `${STATE_PREFIX}${stateId}` : newId('call_'));

export const stateIdOf = (callId: string): string | undefined => (callId.startsWith(STATE_PREFIX) ? callId.slice(STATE_PREFIX.length) : undefined);
