import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { mergeBehaviour, type Behaviour, type BehaviourPatch } from './behaviour';
import { baseBehaviour } from './config';
import { DirectiveError, parseDirectives } from './directives';
import { BodyTooLargeError, readBody, sendJson, sendTruncatedJson, sleep } from './http';
import { ApiError, type Exchange, type Personality } from './personality';
import { writeStream } from './sse';
import type { SimulatorState } from './state';

const FORM = 'application/x-www-form-urlencoded';

/** Serves one provider API request: route, auth, parse, validate, faults, latency, then the reply. */
export async function dispatch(req: IncomingMessage, res: ServerResponse, path: string, state: SimulatorState): Promise<void> {
  const started = performance.now();
  const method = req.method ?? 'GET';
  state.stats.request(path);
  const match = state.router.find(method, path);
  const { personality } = match;
  const requestId = personality.newRequestId();
  const headers = (): OutgoingHttpHeaders => ({
    ...personality.headers(requestId, Math.round(performance.now() - started)),
    'x-sim-instance': state.config.name,
  });
  const fail = (error: ApiError) => {
    state.stats.status(error.status);
    sendJson(res, error.status, error.body, { ...headers(), ...error.headers });
  };

  if (match.kind === 'none') return fail(personality.notFound(method, path));
  if (match.kind === 'wrong-method') return fail(personality.methodNotAllowed(method, path));
  let text: string;
  try {
    text = await readRequestText(req, personality);
  } catch (error) {
    if (error instanceof ApiError) return fail(error);
    throw error;
  }
  const { apiKey } = state.config;
  // `path` is the URL up to its `?`.
  const query = new URLSearchParams(req.url!.slice(path.length + 1));
  const authError = apiKey === undefined ? undefined : await personality.authenticate(req.headers, apiKey, method, path, text, query);
  if (authError) return fail(authError);
  let body: unknown;
  try {
    // A form body (an OAuth token request) reaches its route as text.
    body = text === '' ? undefined : req.headers['content-type']?.startsWith(FORM) ? text : JSON.parse(text);
  } catch {
    return fail(personality.invalidJson());
  }

  let exchange: Exchange;
  let directives: BehaviourPatch | undefined;
  try {
    exchange = match.route.prepare({ body, params: match.params, headers: req.headers, query });
    directives = parseDirectives(exchange.directiveText, { instance: state.config.name, personality: personality.name, fresh: exchange.continues !== true });
  } catch (error) {
    if (error instanceof ApiError) return fail(error);
    if (error instanceof DirectiveError) return fail(personality.badRequest(error.message));
    throw error;
  }

  const behaviour = decide(state, path, exchange.model, directives);
  state.stats.remember({ method, path, headers: req.headers, body });
  if (behaviour.latencyMs > 0) {
    let gone = false;
    res.once('close', () => (gone = true));
    await sleep(behaviour.latencyMs);
    if (gone) return;
  }

  const { failure } = behaviour;
  if (failure?.kind === 'reset') {
    state.stats.outcome('reset');
    return void req.socket.resetAndDestroy();
  }
  if (failure?.kind === 'stall') {
    state.stats.outcome('stall');
    state.stalled.add(res);
    return void res.once('close', () => state.stalled.delete(res));
  }
  if (failure?.kind === 'status') return fail(personality.failure(failure.status, failure.message, failure.retryAfterSec));

  const reply = exchange.respond(behaviour, state.instance);
  state.stats.status(200);
  if (behaviour.stallAfter !== undefined) {
    state.stalled.add(res);
    res.once('close', () => state.stalled.delete(res));
  }
  if (reply.kind === 'stream') {
    return writeStream(res, { ...headers(), 'content-type': reply.contentType ?? 'text/event-stream; charset=utf-8' }, reply.plan, {
      intervalMs: behaviour.intervalMs,
      cutAfter: behaviour.cutAfter,
      errorAfter: behaviour.errorAfter,
      stallAfter: behaviour.stallAfter,
      errorFrame: personality.streamErrorFrame(),
      onOutcome: (kind) => state.stats.outcome(kind),
    });
  }
  if (behaviour.cutAfter !== undefined || behaviour.stallAfter !== undefined) {
    const stall = behaviour.cutAfter === undefined;
    state.stats.outcome(stall ? 'stall' : 'cut');
    return sendTruncatedJson(res, reply.body, headers(), stall);
  }
  sendJson(res, 200, reply.body, headers());
}

/** The raw body, read before authentication because request signatures cover it. */
async function readRequestText(req: IncomingMessage, personality: Personality): Promise<string> {
  if (req.method !== 'POST') {
    req.resume();
    return '';
  }
  try {
    return await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw personality.failure(413);
    throw error;
  }
}

/** Instance config, then a random failure, then queued faults, then the message's own directives. */
function decide(state: SimulatorState, path: string, model: string | undefined, directives: BehaviourPatch | undefined): Behaviour {
  const { config } = state;
  const random: BehaviourPatch | undefined =
    config.failureRate > 0 && Math.random() < config.failureRate
      ? { failure: { kind: 'status', status: config.failureStatus } }
      : undefined;
  return mergeBehaviour(baseBehaviour(config), random, state.faults.take(path, model), directives);
}
