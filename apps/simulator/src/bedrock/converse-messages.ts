import type { ChatMessage } from '../openai/chat-messages';
import { constraint, isObject, knownKeys, requireArray, requireObject, requireString, unionMember, wrongType } from './checks';
import { validationError } from './errors';

/** One validated Converse turn, reduced to what the fake model reads. */
export interface Turn {
  role: 'user' | 'assistant';
  text: string;
  toolUses: string[];
  toolResults: Array<{ id: string; text: string }>;
}

const ROLES = ['user', 'assistant'];
const BLOCKS = ['text', 'image', 'document', 'video', 'toolUse', 'toolResult', 'guardContent', 'cachePoint', 'reasoningContent', 'citationsContent', 'searchResult'];
const IMAGE_FORMATS = ['png', 'jpeg', 'gif', 'webp'];
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const TOOL_RESULT_BLOCKS = ['text', 'json', 'image', 'document', 'video', 'searchResult'];

function checkImage(value: unknown, at: string): void {
  const image = requireObject(value, at);
  knownKeys(image, ['format', 'source']);
  if (!IMAGE_FORMATS.includes(image.format as string)) throw constraint(image.format, `${at}.format`, `satisfy enum value set: [${IMAGE_FORMATS.join(', ')}]`);
  const [kind, source] = unionMember(image.source, `${at}.source`, ['bytes', 's3Location']);
  if (kind === 'bytes' && (typeof source !== 'string' || !BASE64.test(source))) throw wrongType(`${at}.source.bytes`, 'base64-encoded bytes');
}

function toolResultText(value: unknown, at: string): { id: string; text: string } {
  const result = requireObject(value, at);
  knownKeys(result, ['toolUseId', 'content', 'status']);
  const id = requireString(result.toolUseId, `${at}.toolUseId`);
  if (result.status !== undefined && result.status !== 'success' && result.status !== 'error') {
    throw constraint(result.status, `${at}.status`, 'satisfy enum value set: [success, error]');
  }
  const parts = requireArray(result.content, `${at}.content`).map((part, i) => unionMember(part, `${at}.content.${i + 1}.member`, TOOL_RESULT_BLOCKS));
  const text = parts.map(([kind, content]) => (kind === 'text' ? String(content) : kind === 'json' ? JSON.stringify(content) : '')).join('');
  return { id, text };
}

function parseTurn(raw: unknown, i: number): Turn {
  const at = `messages.${i + 1}.member`;
  const message = requireObject(raw, at);
  knownKeys(message, ['role', 'content']);
  if (!ROLES.includes(message.role as string)) throw constraint(message.role, `${at}.role`, 'satisfy enum value set: [user, assistant]');
  const turn: Turn = { role: message.role as Turn['role'], text: '', toolUses: [], toolResults: [] };
  requireArray(message.content, `${at}.content`).forEach((raw, j) => {
    const [kind, value] = unionMember(raw, `${at}.content.${j + 1}.member`, BLOCKS);
    if (kind === 'text') {
      if (typeof value !== 'string') throw wrongType(`${at}.content.${j + 1}.member.text`, 'a string');
      if (!value.trim()) throw validationError(`The text field in the ContentBlock object at messages.${i}.content.${j} is blank. Add text to the text field, and try again.`);
      turn.text += value;
    } else if (kind === 'image') checkImage(value, `${at}.content.${j + 1}.member.image`);
    else if (kind === 'toolUse') {
      const use = requireObject(value, `${at}.content.${j + 1}.member.toolUse`);
      knownKeys(use, ['toolUseId', 'name', 'input']);
      turn.toolUses.push(requireString(use.toolUseId, `${at}.content.${j + 1}.member.toolUse.toolUseId`));
      requireString(use.name, `${at}.content.${j + 1}.member.toolUse.name`);
      if (!isObject(use.input)) throw wrongType(`${at}.content.${j + 1}.member.toolUse.input`, 'a JSON object');
    } else if (kind === 'toolResult') turn.toolResults.push(toolResultText(value, `${at}.content.${j + 1}.member.toolResult`));
  });
  if (turn.role === 'assistant' && turn.toolResults.length) throw validationError(`messages.${i}: toolResult blocks are only allowed in user messages.`);
  return turn;
}

/** Every tool use is answered by a tool result in the next (user) turn, and only those. */
function checkToolPairing(turns: readonly Turn[]): void {
  turns.forEach((turn, i) => {
    const previous = turns[i - 1];
    const uses = previous?.role === 'assistant' ? previous.toolUses : [];
    if (turn.toolResults.length > uses.length) {
      throw validationError(`The number of toolResult blocks at messages.${i}.content exceeds the number of toolUse blocks of previous turn.`);
    }
    const unknown = turn.toolResults.find((result) => !uses.includes(result.id));
    if (unknown) {
      throw validationError(
        `The model returned the following errors: messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unknown.id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
      );
    }
    const unanswered = uses.filter((id) => !turn.toolResults.some((result) => result.id === id));
    if (unanswered.length) {
      throw validationError(
        `The model returned the following errors: messages.${i - 1}.content: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
    }
  });
}

/** Validates `messages` the way Converse does: a user turn first, roles alternating, tool blocks paired. */
export function parseTurns(value: unknown): Turn[] {
  const turns = requireArray(value, 'messages', 1).map(parseTurn);
  if (turns[0]!.role !== 'user') throw validationError('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  turns.forEach((turn, i) => {
    if (i > 0 && turns[i - 1]!.role === turn.role) {
      throw validationError('A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.');
    }
  });
  checkToolPairing(turns);
  return turns;
}

export const hasToolBlocks = (turns: readonly Turn[]): boolean => turns.some((turn) => turn.toolUses.length > 0 || turn.toolResults.length > 0);

/** The turns as OpenAI-shaped messages, so the shared fake model (`answer`) can reply: tool results become `tool` messages. */
export function toChatMessages(system: string, turns: readonly Turn[]): ChatMessage[] {
  const messages: ChatMessage[] = system ? [{ role: 'system', text: system, hasToolCalls: false }] : [];
  for (const turn of turns) {
    for (const result of turn.toolResults) messages.push({ role: 'tool', text: result.text, hasToolCalls: false });
    if (turn.role === 'assistant' || turn.text || !turn.toolResults.length) {
      messages.push({ role: turn.role, text: turn.text, hasToolCalls: turn.toolUses.length > 0 });
    }
  }
  return messages;
}
