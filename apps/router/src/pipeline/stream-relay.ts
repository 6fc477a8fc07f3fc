import { priceUsage } from '@alltokens/catalog';
import { ReplyKind, type ChatCompletionChunk, type CompletionJob, type RouteMeta, type RouteProof, type TokenUsage, type Usage } from '@alltokens/contracts';
import { readSseEvents, UpstreamStreamError } from '@alltokens/providers';
import type { ReplySink } from '../reply/reply-publisher';
import type { OpenedUpstream } from '../upstream/attempt-runner';
import { estimateCompletionTokens, estimatePromptTokens } from '@alltokens/routing';
import type { FindingTally, ResponseGuard, StreamWatch } from '@alltokens/guardrails';
import type { AnswerSoFar } from './answer-so-far';
import type { ContinuationSplice } from './continuation-splice';
import { fromOpenAiUsage, type RequestOutcome } from './request-outcome';

/** What relaying one request keeps across its segments: the first stream, then each continuation. */
export interface RelayState {
  job: CompletionJob;
  meta: RouteMeta;
  /** The route proof put on the chunks carrying `finish_reason` and usage (it says `continued` once a stream was). */
  proof: RouteProof;
  publisher: ReplySink;
  outcome: RequestOutcome;
  answer: AnswerSoFar;
  encodeChunk: (data: string) => string;
  clientWantsUsage: boolean;
  /** Usage and cost of every segment relayed so far: what the client is billed. */
  billed: { usage: TokenUsage; costUsd: number; estimated: boolean };
  /** Whether the client got a usage chunk (a continued stream gets one with the totals). */
  usageSent: boolean;
  /** The response deny-lists, checking each delta before it is sent; one watcher per choice, across segments. */
  guard: ResponseGuard | null;
  tally: FindingTally;
  watches: Map<number, StreamWatch>;
}

/** One upstream stream of the reply. */
export interface Segment {
  opened: OpenedUpstream;
  /** Index in `outcome.attempts` of the attempt serving it. */
  attempt: number;
  /** Set for a continuation: its chunks are spliced onto the answer so far. */
  splice?: ContinuationSplice;
  /** The text sent as the start of the answer (prompt tokens, when usage must be estimated). */
  prefill: string;
}

export type SegmentEnd =
  | { kind: 'done' }
  | { kind: 'cancelled' }
  /** A response deny-list matched: the stream stops (never continued), what was produced is billed. */
  | { kind: 'blocked'; error: { status: number; code: string; message: string } }
  /** Reset, stalled (idle timeout), provider error event, or closed before the answer finished. */
  | { kind: 'broken'; timeout: boolean; error: { status: number; code: string; message: string } };

const ZERO: TokenUsage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };

export function emptyBill(): RelayState['billed'] {
  return { usage: { ...ZERO }, costUsd: 0, estimated: false };
}

function add(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
}

/** Usage in OpenAI's shape, with the USD billed. */
export function openAiUsage(usage: TokenUsage, cost: number): Usage {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    cost,
  };
}

/** Text a chunk's first choice carries, reasoning and tool arguments included: what the provider bills as output. */
function generatedText(chunk: ChatCompletionChunk): string {
  const delta = chunk.choices[0]?.delta;
  if (!delta) return '';
  let text = (delta.reasoning ?? '') + (delta.content ?? '');
  for (const call of delta.tool_calls ?? []) text += (call.function?.name ?? '') + (call.function?.arguments ?? '');
  return text;
}

function brokenBy(error: unknown): SegmentEnd {
  const code = (error as { code?: string }).code;
  if (error instanceof UpstreamStreamError) return { kind: 'broken', timeout: false, error: { status: 502, code: error.code, message: `The provider stream failed: ${error.message}` } };
  if (code === 'UND_ERR_BODY_TIMEOUT') return { kind: 'broken', timeout: true, error: { status: 502, code: 'stream_stalled', message: 'The provider stream stalled (no data within its idle timeout)' } };
  return { kind: 'broken', timeout: false, error: { status: 502, code: 'stream_interrupted', message: `The provider stream failed: ${(error as Error).message}` } };
}

const isCancel = (error: unknown) => (error as Error).name === 'AbortError' || (error as { code?: string }).code === 'UND_ERR_ABORTED';

/** The deny-list match in this chunk's deltas, if any (each choice has its own watcher, kept across segments). */
function blockedBy(state: RelayState, chunk: ChatCompletionChunk) {
  const { guard } = state;
  if (!guard) return null;
  for (const choice of chunk.choices) {
    if (!choice.delta.content) continue;
    let watch = state.watches.get(choice.index);
    if (!watch) state.watches.set(choice.index, (watch = guard.watch(state.tally)));
    const blocked = watch.push(choice.delta.content);
    if (blocked) return blocked;
  }
  return null;
}

/**
 * Relays one upstream stream to the gateway chunk by chunk. Each chunk is rewritten (our id, the
 * canonical model, the provider of the reply) and published as the exact text the client receives;
 * a continuation's chunks are first spliced onto the answer so far, and its usage chunk carries the
 * totals of every segment. A response deny-list checks each delta before it is sent: a match stops
 * the stream (leaving the loop closes the upstream). A stream that breaks after its answer finished
 * counts as done.
 */
export async function relaySegment(state: RelayState, segment: Segment): Promise<SegmentEnd> {
  const { job, outcome, answer } = state;
  const { candidate } = segment.opened;
  const { adapter, provider, endpoint } = candidate;
  const translator = endpoint.type === 'completion' ? adapter.textCompletions!.createStreamTranslator() : adapter.createStreamTranslator({ provider, endpoint });
  let produced = '';
  let reported: TokenUsage | null = null;
  let end: SegmentEnd;
  try {
    const events = (adapter.readEvents ?? readSseEvents)(segment.opened.response.body);
    let blocked: ReturnType<typeof blockedBy> = null;
    stream: for await (const event of events) {
      for (const chunk of translator.translate(event)) {
        if (outcome.ttftMs === null) outcome.ttftMs = Date.now() - job.receivedAt;
        produced += generatedText(chunk);
        if (chunk.usage) {
          reported = fromOpenAiUsage(chunk.usage);
          const cost = priceUsage(endpoint.pricing, reported);
          if (segment.splice) chunk.usage = openAiUsage(add(state.billed.usage, reported), state.billed.costUsd + cost);
          else chunk.usage.cost = cost;
        }
        if (segment.splice && !segment.splice.apply(chunk)) continue;
        if ((blocked = blockedBy(state, chunk))) break stream;
        answer.observe(chunk);
        publish(state, chunk);
      }
    }
    if (blocked) {
      const message = `The response was stopped by guardrail '${blocked.guardrailName}': rule '${blocked.rule}' matched it`;
      end = { kind: 'blocked', error: { status: 400, code: 'guardrail_response_blocked', message } };
    } else end = answer.finished ? { kind: 'done' } : { kind: 'broken', timeout: false, error: { status: 502, code: 'stream_incomplete', message: 'The provider closed the stream before the answer finished' } };
  } catch (error) {
    end = isCancel(error) ? { kind: 'cancelled' } : answer.finished ? { kind: 'done' } : brokenBy(error);
  }
  bill(state, segment, reported, produced);
  return end;
}

/** Adds the segment's usage (reported, or counted here) to the bill, and notes it on its attempt. */
function bill(state: RelayState, segment: Segment, reported: TokenUsage | null, produced: string): void {
  const { endpoint } = segment.opened.candidate;
  const prefillTokens = segment.prefill ? estimateCompletionTokens(segment.prefill) : 0;
  const usage = reported ?? { ...ZERO, promptTokens: estimatePromptTokens(state.job.request) + prefillTokens, completionTokens: estimateCompletionTokens(produced) };
  const costUsd = priceUsage(endpoint.pricing, usage);
  Object.assign(state.outcome.attempts[segment.attempt]!, { usage, costUsd });
  state.billed = { usage: add(state.billed.usage, usage), costUsd: state.billed.costUsd + costUsd, estimated: state.billed.estimated || reported === null };
}

function publish(state: RelayState, chunk: ChatCompletionChunk): void {
  const { meta, job } = state;
  chunk.id = job.requestId;
  chunk.model = meta.model;
  chunk.provider = meta.provider;
  if (!state.clientWantsUsage) {
    if (chunk.choices.length === 0 && chunk.usage) return;
    delete chunk.usage;
  }
  if (chunk.usage) state.usageSent = true;
  if (chunk.choices[0]?.finish_reason || chunk.usage) chunk.alltokens_route = state.proof;
  state.publisher.publishRaw(job.replyTo, state.encodeChunk(JSON.stringify(chunk)));
}

/** The usage chunk of a continued stream whose last segment sent none, so a client that asked still sees what it is billed. */
export function publishTotals(state: RelayState): void {
  if (!state.clientWantsUsage || state.usageSent) return;
  const { job } = state;
  publish(state, {
    id: job.requestId,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: state.meta.model,
    choices: [],
    usage: openAiUsage(state.billed.usage, state.billed.costUsd),
  });
}

export function startReply(state: RelayState): void {
  state.publisher.publish(state.job.replyTo, { kind: ReplyKind.Start, requestId: state.job.requestId, meta: state.meta });
}
