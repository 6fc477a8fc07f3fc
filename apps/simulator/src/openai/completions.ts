import type { Behaviour } from '../behaviour';
import { cutAtStop, loremText, splitText } from '../content';
import { randomString, unixSeconds } from '../ids';
import type { Exchange, Instance, Reply, Route, StreamPlan } from '../personality';
import { tokenCount, truncateToTokens } from '../tokens';
import { invalidType, missing, optBoolean, optNumber, optStop, requireBody, requireModel, streamSettings } from './checks';
import { DONE_FRAME } from './chat-stream';
import { plainUsage } from './usage';

const KNOWN = new Set([
  'model', 'prompt', 'best_of', 'echo', 'frequency_penalty', 'logit_bias', 'logprobs', 'max_tokens', 'n',
  'presence_penalty', 'seed', 'stop', 'stream', 'stream_options', 'suffix', 'temperature', 'top_p', 'user',
]);
/** The legacy endpoint's documented default, so an unbounded request ends with `length` like the real one. */
const DEFAULT_MAX_TOKENS = 16;

type Prompt = string | number[];

function parsePrompts(value: unknown): Prompt[] {
  if (value === undefined || value === null) throw missing('prompt');
  if (typeof value === 'string') return [value];
  const isTokens = (v: unknown): v is number[] => Array.isArray(v) && v.every((t) => Number.isInteger(t));
  if (isTokens(value) && value.length > 0) return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((p) => typeof p === 'string' || isTokens(p))) return value as Prompt[];
  throw invalidType('prompt', 'one of a string, array of strings, array of tokens, or array of token arrays', value);
}

const promptTokens = (prompt: Prompt) => (typeof prompt === 'string' ? tokenCount(prompt) : prompt.length);

interface Choice {
  text: string;
  finishReason: 'stop' | 'length';
  /** Tokens generated (an echoed prompt is not counted). */
  tokens: number;
}

function complete(chars: number, stop: string[], maxTokens: number, echo: string): Choice {
  let text = loremText(chars);
  text = cutAtStop(text, stop) ?? text;
  const truncated = truncateToTokens(text, maxTokens);
  const generated = truncated ?? text;
  return { text: echo + generated, finishReason: truncated === undefined ? 'stop' : 'length', tokens: tokenCount(generated) };
}

interface StreamSpec {
  id: string;
  created: number;
  model: string;
  fingerprint: string;
  includeUsage: boolean;
}

function streamPlan(spec: StreamSpec, choices: Choice[], pieces: number, usage?: object): StreamPlan {
  const { id, created, model, fingerprint } = spec;
  const tailJson = `],"model":${JSON.stringify(model)},"system_fingerprint":${JSON.stringify(fingerprint)}`;
  const frame = (choicesJson: string, extra = '') =>
    `data: {"id":"${id}","object":"text_completion","created":${created},"choices":[${choicesJson}${tailJson}${extra}}\n\n`;
  const choiceJson = (index: number, text: string, finish: string | null) =>
    JSON.stringify({ text, index, logprobs: null, finish_reason: finish });
  const usageNull = spec.includeUsage ? ',"usage":null' : '';
  const body = choices.flatMap((choice, index) => splitText(choice.text, pieces).map((text) => frame(choiceJson(index, text, null), usageNull)));
  const tail = choices.map((choice, index) => frame(choiceJson(index, '', choice.finishReason), usageNull));
  if (usage) tail.push(frame('', `,"usage":${JSON.stringify(usage)}`));
  tail.push(DONE_FRAME);
  return { head: [], body, tail };
}

export const completionsRoute: Route = {
  method: 'POST',
  path: '/v1/completions',
  prepare({ body: raw }): Exchange {
    const body = requireBody(raw, KNOWN);
    const model = requireModel(body);
    const prompts = parsePrompts(body.prompt);
    const { stream, includeUsage } = streamSettings(body);
    const n = optNumber(body, 'n', 1, 128, true) ?? 1;
    const maxTokens = optNumber(body, 'max_tokens', 0, Number.MAX_SAFE_INTEGER, true) ?? DEFAULT_MAX_TOKENS;
    const echo = optBoolean(body, 'echo') ?? false;
    const stop = optStop(body);
    optNumber(body, 'temperature', 0, 2);
    optNumber(body, 'top_p', 0, 1);
    const lastText = prompts.findLast((prompt): prompt is string => typeof prompt === 'string');

    const respond = (behaviour: Behaviour, instance: Instance): Reply => {
      const choices = prompts.flatMap((prompt) =>
        Array.from({ length: n }, () => complete(behaviour.chars, stop, maxTokens, echo && typeof prompt === 'string' ? prompt : '')),
      );
      const usage = plainUsage(
        prompts.reduce((sum, prompt) => sum + promptTokens(prompt), 0),
        choices.reduce((sum, choice) => sum + choice.tokens, 0),
      );
      const id = `cmpl-${randomString(29)}`;
      const created = unixSeconds();
      if (stream) {
        const withUsage = includeUsage && !behaviour.noUsage ? usage : undefined;
        const spec = { id, created, model, fingerprint: instance.fingerprint, includeUsage };
        return { kind: 'stream', plan: streamPlan(spec, choices, behaviour.chunks, withUsage) };
      }
      const list = choices.map((choice, index) => ({ text: choice.text, index, logprobs: null, finish_reason: choice.finishReason }));
      return {
        kind: 'json',
        body: { id, object: 'text_completion', created, model, choices: list, usage, system_fingerprint: instance.fingerprint },
      };
    };
    return { model, directiveText: lastText, respond };
  },
};
