import { invalid, optBoolean, path, rejectExtra, requireList, requireObject, requireString, unknownTag, type Json } from './checks';
import { invalidRequest } from './errors';

/** One validated turn, reduced to what the fake model and the token count need. */
export interface Turn {
  role: 'user' | 'assistant';
  /** Its text blocks, joined. */
  text: string;
  toolUseIds: string[];
  toolResults: Array<{ id: string; text: string }>;
  /** Everything the turn says (text, tool inputs, tool results), for counting prompt tokens. */
  promptText: string;
  /** The type of its first content block (`text` for string content). */
  firstBlock: string;
}

const BLOCK_TYPES = ['text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking'] as const;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const NON_EMPTY = 'all messages must have non-empty content except for the optional final assistant message';

function textBlock(block: Json, loc: string): string {
  rejectExtra(block, ['type', 'text', 'cache_control', 'citations'], loc);
  const text = requireString(block.text, path(loc, 'text'));
  if (text === '') throw invalidRequest('messages: text content blocks must be non-empty');
  return text;
}

function imageBlock(block: Json, loc: string): void {
  rejectExtra(block, ['type', 'source', 'cache_control'], loc);
  const source = requireObject(block.source, path(loc, 'source'));
  const at = path(loc, 'source', String(source.type));
  if (source.type === 'base64') {
    rejectExtra(source, ['type', 'media_type', 'data'], at);
    if (!IMAGE_TYPES.includes(source.media_type as string)) {
      throw invalid(path(at, 'media_type'), "Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
    }
    requireString(source.data, path(at, 'data'));
  } else if (source.type === 'url') {
    rejectExtra(source, ['type', 'url'], at);
    requireString(source.url, path(at, 'url'));
  } else if (source.type === 'file') {
    rejectExtra(source, ['type', 'file_id'], at);
    requireString(source.file_id, path(at, 'file_id'));
  } else {
    throw unknownTag(source.type, path(loc, 'source'), ['base64', 'url', 'file']);
  }
}

function toolResultText(content: unknown, loc: string): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return requireList(content, loc)
    .map((part, i) => {
      const block = requireObject(part, path(loc, i));
      if (block.type === 'text') return textBlock(block, path(loc, i, 'text'));
      if (block.type === 'image') {
        imageBlock(block, path(loc, i, 'image'));
        return '';
      }
      throw unknownTag(block.type, path(loc, i), ['text', 'image']);
    })
    .join('');
}

/** Validates one content block and records what it says on the turn. */
function readBlock(turn: Turn, raw: unknown, loc: string): void {
  const block = requireObject(raw, loc);
  const type = block.type as (typeof BLOCK_TYPES)[number];
  if (!BLOCK_TYPES.includes(type)) throw unknownTag(block.type, loc, BLOCK_TYPES);
  const at = path(loc, type);
  if (type === 'tool_use' && turn.role === 'user') throw invalid(loc, '`tool_use` blocks can only be in `assistant` messages');
  if (type === 'tool_result' && turn.role === 'assistant') throw invalid(loc, '`tool_result` blocks can only be in `user` messages');
  switch (type) {
    case 'text': {
      const text = textBlock(block, at);
      turn.text += text;
      turn.promptText += text;
      break;
    }
    case 'image':
      return imageBlock(block, at);
    case 'document':
      rejectExtra(block, ['type', 'source', 'title', 'context', 'citations', 'cache_control'], at);
      requireObject(block.source, path(at, 'source'));
      break;
    case 'tool_use': {
      rejectExtra(block, ['type', 'id', 'name', 'input', 'cache_control', 'caller'], at);
      turn.toolUseIds.push(requireString(block.id, path(at, 'id')));
      turn.promptText += requireString(block.name, path(at, 'name')) + JSON.stringify(requireObject(block.input, path(at, 'input')));
      break;
    }
    case 'tool_result': {
      rejectExtra(block, ['type', 'tool_use_id', 'content', 'is_error', 'cache_control'], at);
      optBoolean(block.is_error, path(at, 'is_error'));
      const text = toolResultText(block.content, path(at, 'content'));
      turn.toolResults.push({ id: requireString(block.tool_use_id, path(at, 'tool_use_id')), text });
      turn.promptText += text;
      break;
    }
    case 'thinking':
      rejectExtra(block, ['type', 'thinking', 'signature'], at);
      requireString(block.thinking, path(at, 'thinking'));
      requireString(block.signature, path(at, 'signature'));
      break;
    case 'redacted_thinking':
      rejectExtra(block, ['type', 'data'], at);
      requireString(block.data, path(at, 'data'));
  }
}

function readTurn(raw: unknown, i: number, last: boolean): Turn {
  const loc = path('messages', i);
  const message = requireObject(raw, loc);
  rejectExtra(message, ['role', 'content'], loc);
  if (message.role === undefined) throw invalid(path(loc, 'role'), 'Field required');
  if (message.role !== 'user' && message.role !== 'assistant') throw invalid(path(loc, 'role'), "Input should be 'user' or 'assistant'");
  const turn: Turn = { role: message.role, text: '', toolUseIds: [], toolResults: [], promptText: '', firstBlock: 'text' };
  const { content } = message;
  if (content === undefined) throw invalid(path(loc, 'content'), 'Field required');
  const empty = content === '' || (Array.isArray(content) && content.length === 0);
  if (empty && !(last && turn.role === 'assistant')) throw invalid(loc, NON_EMPTY);
  if (typeof content === 'string') {
    turn.text = content;
    turn.promptText = content;
  } else if (Array.isArray(content)) {
    content.forEach((block, j) => readBlock(turn, block, path(loc, 'content', j)));
    turn.firstBlock = String((content[0] as { type?: unknown } | undefined)?.type);
  } else {
    throw invalid(path(loc, 'content'), 'Input should be a valid string');
  }
  return turn;
}

/** Each tool_result must answer the turn before, and each tool_use must be answered in the very next turn. */
function checkToolPairs(turns: readonly Turn[]): void {
  turns.forEach((turn, i) => {
    const asked = new Set(turns[i - 1]?.toolUseIds ?? []);
    const j = turn.toolResults.findIndex((result) => !asked.has(result.id));
    if (j === -1) return;
    throw invalid(
      path('messages', i, 'content', j),
      `unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${turn.toolResults[j]!.id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
    );
  });
  turns.forEach((turn, i) => {
    const next = turns[i + 1];
    if (!next) return;
    const answered = new Set(next.toolResults.map((result) => result.id));
    const missing = turn.toolUseIds.filter((id) => !answered.has(id));
    if (missing.length === 0) return;
    throw invalid(
      path('messages', i),
      `\`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
    );
  });
}

/** Validates `messages` the way Anthropic does: content blocks, user first, strict alternation, tool pairing. */
export function parseTurns(value: unknown): Turn[] {
  const list = requireList(value, 'messages');
  if (list.length === 0) throw invalidRequest('messages: at least one message is required');
  const turns = list.map((raw, i) => readTurn(raw, i, i === list.length - 1));
  if (turns[0]!.role !== 'user') throw invalidRequest('messages: first message must use the "user" role');
  for (let i = 1; i < turns.length; i++) {
    if (turns[i]!.role === turns[i - 1]!.role) {
      throw invalidRequest(`messages: roles must alternate between "user" and "assistant", but found multiple "${turns[i]!.role}" roles in a row`);
    }
  }
  checkToolPairs(turns);
  const last = turns.at(-1)!;
  // A final assistant turn is a prefill, which Claude continues; it must not end in whitespace.
  if (last.role === 'assistant' && /\s$/.test(last.text)) throw invalidRequest('messages: final assistant content cannot end with trailing whitespace');
  return turns;
}
