import type { ChatCompletionRequest } from '@alltokens/contracts';
import { emptySample, type FidelitySample } from '@alltokens/routing';
import type { SchemaValidators } from './schema-validators';

/** What an answer consisted of, from a whole response or a finished stream. */
export interface AnswerFacts {
  content: string;
  toolCalls: ReadonlyArray<{ name: string; arguments: string }>;
  finishReason: string | null;
  /** As the provider reported it; null when it did not. */
  completionTokens: number | null;
}

const ANY_OBJECT = { type: 'object' };

function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** A call is broken when it names no tool of the request, or its arguments are not JSON matching the tool's schema. */
function brokenCall(call: AnswerFacts['toolCalls'][number], request: ChatCompletionRequest, validators: SchemaValidators): boolean {
  const tool = request.tools?.find((candidate) => candidate.function.name === call.name);
  if (!tool) return true;
  // No arguments at all is how some providers call a tool without parameters.
  const args = parsed(call.arguments.trim() === '' ? '{}' : call.arguments);
  if (!args.ok || typeof args.value !== 'object' || args.value === null || Array.isArray(args.value)) return true;
  const validate = validators.validator(tool.function.parameters ?? ANY_OBJECT);
  return validate !== null && !validate(args.value);
}

/** Whether a `response_format` answer breaks its contract: not JSON (an object for `json_object`), or off its schema. */
function violatesFormat(content: string, format: NonNullable<ChatCompletionRequest['response_format']>, validators: SchemaValidators): boolean {
  const answer = parsed(content);
  if (!answer.ok) return true;
  if (format.type === 'json_object') return typeof answer.value !== 'object' || answer.value === null || Array.isArray(answer.value);
  if (format.type !== 'json_schema' || !format.json_schema.schema) return false;
  const validate = validators.validator(format.json_schema.schema);
  return validate !== null && !validate(answer.value);
}

/**
 * What one answer says about the endpoint's fidelity: broken tool calls, JSON that breaks
 * `response_format`, an empty 200, a truncation below the requested `max_tokens`. From real traffic
 * only; nothing extra is sent.
 */
export function judgeAnswer(request: ChatCompletionRequest, facts: AnswerFacts, validators: SchemaValidators): FidelitySample {
  const sample = emptySample();
  sample.answers = 1;
  const forced = request.tool_choice === 'required' || typeof request.tool_choice === 'object';
  if (request.tools?.length && facts.toolCalls.length) {
    sample.toolCalls = facts.toolCalls.length;
    sample.brokenToolCalls = facts.toolCalls.filter((call) => brokenCall(call, request, validators)).length;
  } else if (request.tools?.length && forced && facts.finishReason !== 'length') {
    // A call the request forced and the answer did not make counts as a broken one.
    sample.toolCalls = 1;
    sample.brokenToolCalls = 1;
  }
  const format = request.response_format;
  const truncated = facts.finishReason === 'length';
  // A truncated answer is counted as a truncation, not as broken JSON.
  if (format && format.type !== 'text' && facts.toolCalls.length === 0 && !truncated) {
    sample.jsonAnswers = 1;
    sample.jsonViolations = violatesFormat(facts.content, format, validators) ? 1 : 0;
  }
  if (facts.content.trim() === '' && facts.toolCalls.length === 0 && !truncated) sample.empty = 1;
  const asked = request.max_completion_tokens ?? request.max_tokens ?? null;
  if (truncated && asked !== null && facts.completionTokens !== null && facts.completionTokens < asked) sample.truncated = 1;
  return sample;
}
