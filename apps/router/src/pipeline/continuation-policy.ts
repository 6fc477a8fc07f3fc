import type { CompletionJob } from '@alltokens/contracts';
import { readRoutingOptions } from '@alltokens/routing';
import type { Candidate } from './candidate-resolver';
import type { AnswerSoFar } from './answer-so-far';

/**
 * Why this request's broken stream is not continued elsewhere, or null when it may be: the key's
 * setting, the request's `stream_continuation: false`, OpenRouter's `provider.allow_fallbacks: false`,
 * and what was in flight when it broke.
 */
export function continuationRefusal(job: CompletionJob, answer: AnswerSoFar): string | null {
  // The plan read these already (a bad value was a 400 then).
  const options = readRoutingOptions(job.request);
  if (!job.streamContinuation) return 'stream continuation is off for this key';
  if (!options.streamContinuation) return 'the request turned stream continuation off (stream_continuation: false)';
  if (!options.preferences.allow_fallbacks) return 'the request allows no fallbacks (provider.allow_fallbacks: false)';
  if (job.legacyPrompt !== undefined) return 'legacy completions are not continued';
  return answer.unresumable();
}

/**
 * The endpoints that may take over, in the plan's order after the one that broke (the same model's
 * other endpoints, then the `models` fallbacks). With no text sent yet any chat endpoint can start
 * the answer afresh; otherwise its format must continue a prefilled answer for this request.
 */
export function continuationCandidates(candidates: readonly Candidate[], broken: Candidate, job: CompletionJob, produced: string): Candidate[] {
  return candidates.slice(candidates.indexOf(broken) + 1).filter(({ adapter, provider, endpoint }) => {
    if (endpoint.type !== 'chat') return false;
    if (produced === '') return true;
    return adapter.continuation?.refusal(job.request, { provider, endpoint }) === null;
  });
}
