import type { ChatCompletionRequest } from '@alltokens/contracts';
import { ParameterTable, type ChatParameters, type ParameterRule } from '../core/parameters';
import type { OpenAiPreset } from '../openai-compatible/preset';

/** Request fields OpenAI's chat completions API accepts; everything else (AllTokens/OpenRouter extras) stays home. */
const CHAT_PARAMETERS = [
  'messages',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'n',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'seed',
  'user',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
  'service_tier',
  'modalities',
  'audio',
  'prediction',
  'verbosity',
  'prompt_cache_key',
  'safety_identifier',
] as const satisfies ReadonlyArray<keyof ChatParameters>;

/** What the legacy `/completions` API takes besides the prompt. */
const TEXT_PARAMETERS = [
  'max_tokens',
  'temperature',
  'top_p',
  'n',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'seed',
  'user',
] as const satisfies ReadonlyArray<keyof ChatParameters>;

const SAMPLING_EXTRAS = ['top_k', 'repetition_penalty'] as const;

/** OpenRouter's sampling extras: sent to the servers that document them (vLLM, Together...), dropped for the rest (OpenAI rejects them). */
const samplingExtras = (preset: OpenAiPreset): ParameterRule<ChatParameters>[] => [
  ...SAMPLING_EXTRAS.filter((name) => preset.samplingExtras?.includes(name)).map((name): ParameterRule<ChatParameters> => ({ from: name, to: name })),
  { drop: SAMPLING_EXTRAS.filter((name) => !preset.samplingExtras?.includes(name)) },
];

type Message = ChatCompletionRequest['messages'][number];
type Part = Record<string, unknown>;
const partsOf = (message: Message): Part[] => ('content' in message && Array.isArray(message.content) ? message.content : []);
const hasCacheControl = (message: Message) => partsOf(message).some((part) => 'cache_control' in part);

/** OpenRouter's `cache_control` breakpoints are for Anthropic; OpenAI-format APIs cache on their own and reject the field. */
function withoutCacheControl(message: Message): Message {
  if (!hasCacheControl(message)) return message;
  const content = partsOf(message).map(({ cache_control: _dropped, ...part }) => part);
  return { ...message, content } as Message;
}

/** How a preset spells a parameter: as OpenAI does, under its own name, or not at all. */
function presetRule(name: (typeof CHAT_PARAMETERS)[number], preset: OpenAiPreset): ParameterRule<ChatParameters> {
  if (preset.drops?.includes(name)) return { drop: [name] };
  const to = preset.renames?.[name] ?? name;
  if (name === 'messages') return { from: name, to, transform: (messages) => (messages.some(hasCacheControl) ? messages.map(withoutCacheControl) : messages) };
  const required = preset.requiredToolChoice;
  if (name === 'tool_choice' && required) return { from: name, to, transform: (choice) => (choice === 'required' ? required : choice) };
  return { from: name, to };
}

/** A preset's chat parameters: OpenAI's, less the ones it rejects, renamed where it names them otherwise. */
export const chatParameters = (preset: OpenAiPreset): ParameterTable<ChatParameters> =>
  new ParameterTable([...CHAT_PARAMETERS.map((name) => presetRule(name, preset)), ...samplingExtras(preset)]);

/** The same for the legacy `/completions` API. */
export const textParameters = (preset: OpenAiPreset): ParameterTable<ChatParameters> =>
  new ParameterTable([...TEXT_PARAMETERS.map((name) => presetRule(name, preset)), { drop: ['max_completion_tokens'] }, ...samplingExtras(preset)]);
