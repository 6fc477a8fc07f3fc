import { randomString } from '../ids';
import { sampleFromSchema } from '../json-schema-sample';
import type { ChatMessage } from './chat-messages';
import { emptyArray, invalidType, invalidValue, isObject, missing, type Json } from './checks';
import { badRequest } from './errors';

export interface FunctionTool {
  name: string;
  parameters: unknown;
}

export type ToolChoice = 'none' | 'auto' | 'required' | { name: string };

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Function tools from `tools`; custom tools are accepted but never called. */
export function parseTools(value: unknown): FunctionTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidType('tools', 'an array', value);
  if (value.length === 0) throw emptyArray('tools');
  const tools: FunctionTool[] = [];
  value.forEach((tool, i) => {
    const at = `tools[${i}]`;
    if (!isObject(tool)) throw invalidType(at, 'an object', tool);
    if (tool.type === undefined) throw missing(`${at}.type`);
    if (tool.type === 'custom') return;
    if (tool.type !== 'function') throw invalidValue(`${at}.type`, tool.type, ['function', 'custom']);
    const fn = tool.function;
    if (!isObject(fn)) throw fn === undefined ? missing(`${at}.function`) : invalidType(`${at}.function`, 'an object', fn);
    if (typeof fn.name !== 'string') throw missing(`${at}.function.name`);
    if (!NAME.test(fn.name)) {
      throw badRequest(
        `Invalid '${at}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        `${at}.function.name`,
        'invalid_value',
      );
    }
    tools.push({ name: fn.name, parameters: fn.parameters ?? { type: 'object', properties: {} } });
  });
  return tools;
}

const onlyWithTools = (param: string) =>
  badRequest(`Invalid value for '${param}': '${param}' is only allowed when 'tools' are specified.`, param);

export function parseToolChoice(body: Json, tools: readonly FunctionTool[]): ToolChoice {
  const { tool_choice: choice } = body;
  const hasTools = Array.isArray(body.tools) && body.tools.length > 0;
  if (body.parallel_tool_calls != null && !hasTools) throw onlyWithTools('parallel_tool_calls');
  if (choice === undefined || choice === null) return 'auto';
  if (!hasTools) throw onlyWithTools('tool_choice');
  if (typeof choice === 'string') {
    if (choice === 'none' || choice === 'auto' || choice === 'required') return choice;
    throw invalidValue('tool_choice', choice, ['none', 'auto', 'required']);
  }
  if (!isObject(choice) || choice.type !== 'function' || !isObject(choice.function) || typeof choice.function.name !== 'string') {
    throw invalidType('tool_choice', "one of 'none', 'auto', 'required' or a function object", choice);
  }
  const { name } = choice.function;
  if (!tools.some((tool) => tool.name === name)) {
    throw badRequest(`Invalid value for 'tool_choice': function '${name}' is not in 'tools'.`, 'tool_choice');
  }
  return { name };
}

/**
 * The calls the fake model makes: none after a tool result (it answers in text instead) unless a call
 * is forced; otherwise the named tool, or the first tool, or the first two when parallel calls are on.
 */
export function planToolCalls(
  tools: readonly FunctionTool[],
  choice: ToolChoice,
  parallel: boolean,
  messages: readonly ChatMessage[],
): ToolCall[] | undefined {
  if (tools.length === 0 || choice === 'none') return undefined;
  const forced = choice === 'required' || typeof choice === 'object';
  if (!forced && messages.at(-1)?.role !== 'user') return undefined;
  const chosen =
    typeof choice === 'object' ? tools.filter((tool) => tool.name === choice.name).slice(0, 1) : tools.slice(0, parallel ? 2 : 1);
  return chosen.map((tool) => ({
    id: `call_${randomString(24)}`,
    type: 'function',
    function: { name: tool.name, arguments: JSON.stringify(sampleFromSchema(tool.parameters)) },
  }));
}

/** What the fake model says once it has a tool's result. */
export const toolResultReply = (result: string): string =>
  `The tool returned: ${result.length > 200 ? `${result.slice(0, 200)}...` : result}`;
