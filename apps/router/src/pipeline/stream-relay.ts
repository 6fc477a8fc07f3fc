import { chunkEncoder, ReplyKind, type ChatCompletionChunk, type CompletionJob, type RouteMeta, type RouteProof } from '@alltokens/contracts';
import { readSseEvents, UpstreamStreamError } from '@alltokens/providers';
import type { ReplySink } from '../reply/reply-publisher';
import type { OpenedUpstream } from '../upstream/attempt-runner';
import { estimateCompletionTokens, estimatePromptTokens } from '@alltokens/routing';
import { fromOpenAiUsage, recordUsage, type RequestOutcome } from './request-outcome';
import type { StreamWatch } from '@alltokens/guardrails';
import { responseGuardOf, tallyOf } from './response-guards';

/**
 * Relays an upstream stream to the gateway chunk by chunk. Each chunk is rewritten (our id, the
 * canonical model, the provider) and published as the exact text the client receives. A response
 * deny-list checks each delta before it is sent: a match stops the stream (the upstream is closed,
 * what was produced is billed) and the client gets an error event naming the rule.
 */
export async function relayStream(
  job: CompletionJob,
  opened: OpenedUpstream,
  meta: RouteMeta,
  publisher: ReplySink,
  outcome: RequestOutcome,
  proof: RouteProof,
): Promise<void> {
  const { requestId, replyTo, request } = job;
  const { candidate } = opened;
  const clientWantsUsage = request.stream_options?.include_usage === true;
  const { adapter, provider, endpoint } = candidate;
  const translator = endpoint.type === 'completion' ? adapter.textCompletions!.createStreamTranslator() : adapter.createStreamTranslator({ provider, endpoint });
  const encodeChunk = chunkEncoder(requestId);
  let produced = '';
  const tally = tallyOf(job);
  const guard = responseGuardOf(job);
  // One watcher per choice (n > 1 streams interleave their deltas).
  const watches = new Map<number, StreamWatch>();
  const check = (index: number, content: string) => {
    if (!guard) return null;
    let watch = watches.get(index);
    if (!watch) watches.set(index, (watch = guard.watch(tally)));
    return watch.push(content);
  };
  publisher.publish(replyTo, { kind: ReplyKind.Start, requestId, meta });
  try {
    const events = (candidate.adapter.readEvents ?? readSseEvents)(opened.response.body);
    stream: for await (const event of events) {
      for (const chunk of translator.translate(event)) {
        if (outcome.ttftMs === null) outcome.ttftMs = Date.now() - job.receivedAt;
        const choice = chunk.choices[0];
        if (choice?.delta.content) produced += choice.delta.content;
        const blocked = guard ? chunk.choices.map((c) => (c.delta.content ? check(c.index, c.delta.content) : null)).find(Boolean) : null;
        if (blocked) {
          outcome.status = 'interrupted';
          outcome.error = { status: 400, code: 'guardrail_response_blocked', message: `The response was stopped by guardrail '${blocked.guardrailName}': rule '${blocked.rule}' matched it` };
          break stream; // leaving the loop closes the upstream body
        }
        if (choice?.delta.tool_calls) produced += JSON.stringify(choice.delta.tool_calls);
        if (choice?.finish_reason) outcome.finishReason = choice.finish_reason;
        if (chunk.usage) chunk.usage.cost = recordUsage(outcome, fromOpenAiUsage(chunk.usage), 'upstream');
        if (!rewrite(chunk, requestId, meta, clientWantsUsage)) continue;
        if (choice?.finish_reason || chunk.usage) chunk.alltokens_route = proof;
        publisher.publishRaw(replyTo, encodeChunk(JSON.stringify(chunk)));
      }
    }
    if (!outcome.error) outcome.status = 'success';
  } catch (error) {
    const code0 = (error as { code?: string }).code;
    outcome.status = (error as Error).name === 'AbortError' || code0 === 'UND_ERR_ABORTED' ? 'cancelled' : 'interrupted';
    const code = error instanceof UpstreamStreamError ? error.code : 'stream_interrupted';
    outcome.error = { status: 502, code, message: `The provider stream failed: ${(error as Error).message}` };
  } finally {
    outcome.guardrails = tally.toArray();
    if (outcome.usageSource !== 'upstream') {
      recordUsage(outcome, { ...outcome.usage, promptTokens: estimatePromptTokens(request), completionTokens: estimateCompletionTokens(produced) }, 'estimated');
    }
  }
}

/** Returns false for a chunk the client must not see (the usage chunk it did not ask for). */
function rewrite(chunk: ChatCompletionChunk, requestId: string, meta: RouteMeta, clientWantsUsage: boolean): boolean {
  chunk.id = requestId;
  chunk.model = meta.model;
  chunk.provider = meta.provider;
  if (!clientWantsUsage) {
    if (chunk.choices.length === 0 && chunk.usage) return false;
    delete chunk.usage;
  }
  return true;
}
