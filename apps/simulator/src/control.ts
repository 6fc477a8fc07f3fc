import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { faultListSchema } from './faults';
import { readBody, sendJson } from './http';
import type { SimulatorState } from './state';

type Handler = (state: SimulatorState, body: unknown) => unknown;

const publicConfig = (state: SimulatorState) => {
  const { apiKey, ...rest } = state.config;
  return { ...rest, auth: apiKey !== undefined };
};

const HANDLERS: Record<string, Handler> = {
  'GET /_sim/health': (state) => ({ status: 'ok', name: state.config.name }),
  'GET /_sim/stats': (state) => state.snapshot(),
  'GET /_sim/requests': (state) => ({ requests: state.stats.requests() }),
  'GET /_sim/faults': (state) => ({ faults: state.faults.list() }),
  'POST /_sim/faults': (state, body) => {
    const faults = faultListSchema.parse(body);
    state.faults.add(faults);
    return { added: faults.length, faults: state.faults.list() };
  },
  'DELETE /_sim/faults': (state) => {
    state.faults.clear();
    return { faults: [] };
  },
  'GET /_sim/config': (state) => publicConfig(state),
  'POST /_sim/config': (state, body) => {
    state.configure(body as never);
    return publicConfig(state);
  },
  'POST /_sim/reset': (state) => {
    state.reset();
    return { status: 'reset' };
  },
};

/** The test-only control API under `/_sim/` (never authenticated, never counted in stats). */
export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, state: SimulatorState): Promise<void> {
  const handler = HANDLERS[`${req.method} ${path}`];
  if (!handler) {
    req.resume();
    return sendJson(res, 404, { error: { message: `No control endpoint ${req.method} ${path}` } });
  }
  const text = await readBody(req);
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    return sendJson(res, 400, { error: { message: 'The body is not valid JSON.' } });
  }
  try {
    sendJson(res, 200, handler(state, body));
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    sendJson(res, 400, { error: { message: z.prettifyError(error), issues: error.issues } });
  }
}
