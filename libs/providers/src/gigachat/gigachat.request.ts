import type { ChatCompletionRequest, ChatMessage } from '@alltokens/contracts';
import { OUTPUT_LIMIT, ParameterTable, type ChatParameters } from '../core/parameters';
import { openRouterReasoning } from '../core/reasoning';
import { argumentsObject, textOnly } from '../core/text-only';
import { stateIdOf } from './gigachat.ids';
import type { GigaChatMessage } from './gigachat.types';

type ToolMessage = Extract<ChatMessage, { role: 'tool' }>;

/** A function result must be a JSON object; other text is wrapped as `{"result": ...}`. */
function functionResult(name: string, content: string): GigaChatMessage {
  try {
    const parsed: unknown = JSON.parse(content);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { role: 'function', name, content };
  } catch {
    // not JSON: wrapped below
  }
  return { role: 'function', name, content: JSON.stringify({ result: content }) };
}

/**
 * GigaChat takes the system prompt first, and one function call per assistant message, each
 * followed by its result. OpenAI's parallel calls are therefore split into call/result pairs.
 * A call id that carries a GigaChat `functions_state_id` sends it back.
 */
export function toGigaChatMessages(messages: readonly ChatMessage[]): GigaChatMessage[] {
  const system = messages.filter((message) => message.role === 'system' || message.role === 'developer').map((message) => textOnly(message.content, 'GigaChat'));
  const out: GigaChatMessage[] = system.length ? [{ role: 'system', content: system.join('\n\n') }] : [];
  const results = new Map(messages.filter((message): message is ToolMessage => message.role === 'tool').map((message) => [message.tool_call_id, message]));
  const answered = new Set<string>();
  for (const message of messages) {
    switch (message.role) {
      case 'user':
        out.push({ role: 'user', content: textOnly(message.content, 'GigaChat') });
        break;
      case 'assistant': {
        const text = textOnly(message.content, 'GigaChat');
        if (!message.tool_calls?.length) {
          out.push({ role: 'assistant', content: text });
          break;
        }
        message.tool_calls.forEach((call, i) => {
          const { name } = call.function;
          const stateId = stateIdOf(call.id);
          out.push({
            role: 'assistant',
            content: i === 0 ? text : '',
            function_call: { name, arguments: argumentsObject(call.function.arguments, call.id, 'GigaChat') },
            ...(stateId && { functions_state_id: stateId }),
          });
          const result = results.get(call.id);
          if (!result) return;
          out.push(functionResult(name, textOnly(result.content, 'GigaChat')));
          answered.add(call.id);
        });
        break;
      }
      case 'tool':
        if (!answered.has(message.tool_call_id)) out.push(functionResult(message.tool_call_id, textOnly(message.content, 'GigaChat')));
        break;
      case 'function':
        out.push(functionResult(message.name, message.content ?? ''));
        break;
    }
  }
  return out;
}

/** `tools`/`tool_choice` as GigaChat's `functions`/`function_call`. It has no "required": a single tool is forced by name. */
function functionFields(request: ChatCompletionRequest): Record<string, unknown> {
  if (!request.tools?.length) return {};
  const functions = request.tools.map(({ function: fn }) => ({
    name: fn.name,
    ...(fn.description && { description: fn.description }),
    parameters: fn.parameters ?? { type: 'object', properties: {} },
  }));
  const choice = request.tool_choice;
  let functionCall: unknown = 'auto';
  if (choice === 'none') functionCall = 'none';
  else if (typeof choice === 'object') functionCall = { name: choice.function.name };
  else if (choice === 'required' && functions.length === 1) functionCall = { name: functions[0]!.name };
  return { functions, function_call: functionCall };
}

const EFFORTS = new Set(['low', 'medium', 'high']);

function reasoningEffort(request: ChatCompletionRequest): string | undefined {
  const effort = request.reasoning_effort ?? openRouterReasoning(request)?.effort;
  if (effort === 'minimal') return 'low';
  return effort && EFFORTS.has(effort) ? effort : undefined;
}

/** GigaChat wants a temperature above 0; "no randomness" is top_p 0 there. It has no stop, seed or OpenAI penalties. */
export const GIGACHAT_PARAMETERS = new ParameterTable<ChatParameters>([
  { from: 'temperature', to: 'temperature', transform: (temperature) => (temperature > 0 ? temperature : undefined), note: '0 is sent as top_p 0' },
  { from: 'top_p', to: 'top_p', default: (request) => (request.temperature === 0 ? 0 : undefined) },
  { from: OUTPUT_LIMIT, to: 'max_tokens' },
  { from: 'n', to: 'n' },
  { from: 'repetition_penalty', to: 'repetition_penalty' },
  { drop: ['stop', 'seed', 'frequency_penalty', 'presence_penalty', 'top_k', 'user', 'logit_bias', 'logprobs', 'top_logprobs'] },
]);

function samplingFields(request: ChatCompletionRequest): Record<string, unknown> {
  const fields = GIGACHAT_PARAMETERS.apply(request, undefined);
  const effort = reasoningEffort(request);
  if (effort) fields.reasoning_effort = effort;
  return fields;
}

/** The `/chat/completions` body (no `response_format`: GigaChat has no JSON mode). */
export function toGigaChatBody(request: ChatCompletionRequest, model: string, stream: boolean): Record<string, unknown> {
  return {
    model,
    messages: toGigaChatMessages(request.messages),
    ...(stream && { stream: true }),
    ...samplingFields(request),
    ...functionFields(request),
  };
}
