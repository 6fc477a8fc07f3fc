import type { FunctionTool, ToolChoice } from '../openai/tools';
import {
  invalid,
  isObject,
  optBoolean,
  optNumber,
  optString,
  path,
  rejectExtra,
  requireInteger,
  requireList,
  requireObject,
  requireString,
  unknownTag,
  type Json,
} from './checks';
import { invalidRequest } from './errors';
import { parseTurns, type Turn } from './messages-content';

/** A validated `POST /v1/messages` body, reduced to what the fake model needs. */
export interface MessagesRequest {
  model: string;
  maxTokens: number;
  turns: Turn[];
  system: string;
  stream: boolean;
  stop: string[];
  /** Client tools; server tools are accepted but never called. */
  tools: FunctionTool[];
  /** Raw `tools`, for prompt token counting. */
  rawTools?: unknown;
  toolChoice: ToolChoice;
  parallelToolCalls: boolean;
  /** `output_config.format.schema`: the answer is JSON generated from it. */
  schema?: unknown;
  thinkingBudget?: number;
}

const KNOWN = [
  'model', 'max_tokens', 'messages', 'cache_control', 'container', 'inference_geo', 'metadata', 'output_config',
  'output_format', 'service_tier', 'stop_sequences', 'stream', 'system', 'thinking', 'tool_choice', 'tools',
];
const SAMPLING = ['temperature', 'top_k', 'top_p'];
/** The first API version without the sampling parameters. */
const NO_SAMPLING_SINCE = '2026-10-21';
const TOOL_FIELDS = ['type', 'name', 'description', 'input_schema', 'cache_control', 'strict', 'input_examples', 'defer_loading', 'eager_input_streaming', 'allowed_callers'];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const DOCS = 'Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

function parseSystem(value: unknown): string {
  if (value == null || typeof value === 'string') return value ?? '';
  return requireList(value, 'system')
    .map((raw, i) => {
      const block = requireObject(raw, path('system', i));
      if (block.type !== 'text') throw unknownTag(block.type, path('system', i), ['text']);
      rejectExtra(block, ['type', 'text', 'cache_control', 'citations'], path('system', i, 'text'));
      return requireString(block.text, path('system', i, 'text', 'text'));
    })
    .join('\n');
}

function parseTools(value: unknown): FunctionTool[] {
  if (value == null) return [];
  const tools: FunctionTool[] = [];
  requireList(value, 'tools').forEach((raw, i) => {
    const tool = requireObject(raw, path('tools', i));
    // Server tools (`web_search_20250305`...) are accepted; the fake model never calls them.
    if (tool.type != null && tool.type !== 'custom') return;
    const at = path('tools', i, 'custom');
    rejectExtra(tool, TOOL_FIELDS, at);
    const name = requireString(tool.name, path(at, 'name'));
    if (!TOOL_NAME.test(name)) throw invalid(path(at, 'name'), `String should match pattern '${TOOL_NAME.source}'`);
    const schema = requireObject(tool.input_schema, path(at, 'input_schema'));
    if (schema.type !== 'object') throw invalid(path(at, 'input_schema', 'type'), "Input should be 'object'");
    optString(tool.description, path(at, 'description'));
    optBoolean(tool.strict, path(at, 'strict'));
    if (tools.some((known) => known.name === name)) throw invalidRequest('tools: Tool names must be unique.');
    tools.push({ name, parameters: schema });
  });
  return tools;
}

function parseToolChoice(value: unknown, tools: readonly FunctionTool[]): { choice: ToolChoice; parallel: boolean } {
  if (value == null) return { choice: 'auto', parallel: true };
  const raw = requireObject(value, 'tool_choice');
  const at = path('tool_choice', String(raw.type));
  const TYPES = ['auto', 'any', 'tool', 'none'];
  if (!TYPES.includes(raw.type as string)) throw unknownTag(raw.type, 'tool_choice', TYPES);
  rejectExtra(raw, raw.type === 'none' ? ['type'] : raw.type === 'tool' ? ['type', 'name', 'disable_parallel_tool_use'] : ['type', 'disable_parallel_tool_use'], at);
  const parallel = !optBoolean(raw.disable_parallel_tool_use, path(at, 'disable_parallel_tool_use'));
  if (raw.type === 'tool') {
    const name = requireString(raw.name, path(at, 'name'));
    if (!tools.some((tool) => tool.name === name)) throw invalid(path(at, 'name'), `Tool '${name}' not found in tools`);
    return { choice: { name }, parallel };
  }
  return { choice: raw.type === 'any' ? 'required' : (raw.type as 'auto' | 'none'), parallel };
}

function parseThinking(value: unknown, maxTokens: number): number | undefined {
  if (value == null) return undefined;
  const raw = requireObject(value, 'thinking');
  const TYPES = ['enabled', 'disabled', 'adaptive'];
  if (!TYPES.includes(raw.type as string)) throw unknownTag(raw.type, 'thinking', TYPES);
  const at = path('thinking', raw.type as string);
  rejectExtra(raw, raw.type === 'enabled' ? ['type', 'budget_tokens', 'display'] : raw.type === 'adaptive' ? ['type', 'display'] : ['type'], at);
  if (raw.type === 'disabled') return undefined;
  if (raw.type === 'adaptive') return Math.min(1024, maxTokens);
  const budget = requireInteger(raw.budget_tokens, path(at, 'budget_tokens'), 1024);
  if (budget >= maxTokens) throw invalidRequest(`\`max_tokens\` must be greater than \`thinking.budget_tokens\`. ${DOCS}#max-tokens-and-context-window-size`);
  return budget;
}

function parseFormat(value: unknown, loc: string): unknown {
  if (value == null) return undefined;
  const format = requireObject(value, loc);
  if (format.type !== 'json_schema') throw unknownTag(format.type, loc, ['json_schema']);
  rejectExtra(format, ['type', 'schema'], path(loc, 'json_schema'));
  return requireObject(format.schema, path(loc, 'json_schema', 'schema'));
}

function parseOutputConfig(body: Json): unknown {
  if (body.output_config == null) return parseFormat(body.output_format, 'output_format');
  const config = requireObject(body.output_config, 'output_config');
  rejectExtra(config, ['format', 'effort'], 'output_config');
  return parseFormat(config.format, path('output_config', 'format'));
}

function checkSampling(body: Json, thinking: boolean, forcedTool: boolean): void {
  const temperature = optNumber(body.temperature, 'temperature', 0, 1);
  const topP = optNumber(body.top_p, 'top_p', 0, 1);
  optNumber(body.top_k, 'top_k', 0, Infinity, true);
  if (temperature !== undefined && topP !== undefined) {
    throw invalidRequest('`temperature` and `top_p` cannot both be specified for this model. Please use only one.');
  }
  if (!thinking) return;
  if (temperature !== undefined && temperature !== 1) throw invalidRequest(`\`temperature\` may only be set to 1 when thinking is enabled. ${DOCS}#feature-compatibility`);
  if (forcedTool) throw invalidRequest('Thinking may not be enabled when tool_choice forces tool use.');
}

/**
 * With thinking on, the final assistant turn must start with its thinking block: the turn of the tool
 * loop in progress, or a prefill (which therefore cannot be plain text).
 */
function checkThinkingInToolLoop(turns: readonly Turn[]): void {
  const prefill = turns.at(-1)!.role === 'assistant';
  const i = prefill ? turns.length - 1 : turns.length - 2;
  const assistant = turns[i];
  if (!assistant || (!prefill && turns[i + 1]!.toolResults.length === 0) || assistant.firstBlock === 'thinking' || assistant.firstBlock === 'redacted_thinking') return;
  throw invalid(
    path('messages', i, 'content', 0, 'type'),
    `Expected \`thinking\` or \`redacted_thinking\`, but found \`${assistant.firstBlock}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. ${DOCS}`,
  );
}

function parseStop(value: unknown): string[] {
  if (value == null) return [];
  return requireList(value, 'stop_sequences').map((stop, i) => requireString(stop, path('stop_sequences', i)));
}

/** Validates a `POST /v1/messages` body the way Anthropic does (the checks that matter to clients). */
export function parseMessagesRequest(raw: unknown, version: string): MessagesRequest {
  if (!isObject(raw)) throw invalidRequest('Input should be a valid dictionary');
  rejectExtra(raw, version >= NO_SAMPLING_SINCE ? KNOWN : [...KNOWN, ...SAMPLING], '');
  const model = requireString(raw.model, 'model');
  const maxTokens = requireInteger(raw.max_tokens, 'max_tokens', 0);
  const turns = parseTurns(raw.messages);
  const tools = parseTools(raw.tools);
  const { choice, parallel } = parseToolChoice(raw.tool_choice, tools);
  const thinkingBudget = parseThinking(raw.thinking, maxTokens);
  checkSampling(raw, thinkingBudget !== undefined, choice === 'required' || typeof choice === 'object');
  if (thinkingBudget !== undefined) checkThinkingInToolLoop(turns);
  if (raw.metadata != null) rejectExtra(requireObject(raw.metadata, 'metadata'), ['user_id'], 'metadata');
  return {
    model,
    maxTokens,
    turns,
    system: parseSystem(raw.system),
    stream: optBoolean(raw.stream, 'stream') ?? false,
    stop: parseStop(raw.stop_sequences),
    tools,
    rawTools: raw.tools ?? undefined,
    toolChoice: choice,
    parallelToolCalls: parallel,
    schema: parseOutputConfig(raw),
    thinkingBudget,
  };
}
