import { splitJson, splitText } from '../content';
import type { StreamPlan } from '../personality';
import type { MessageAnswer } from './messages-answer';

/** An SSE frame: the event name always equals the data's `type`. */
const frame = (data: { type: string; [field: string]: unknown }): string => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;

const PING = frame({ type: 'ping' });

const blockStart = (index: number, block: object) => frame({ type: 'content_block_start', index, content_block: block });
const blockDelta = (index: number, delta: object) => frame({ type: 'content_block_delta', index, delta });
const blockStop = (index: number) => frame({ type: 'content_block_stop', index });

/** Each content block as start, deltas, stop: thinking (then its signature), text, tool calls. */
function blockFrames(answer: MessageAnswer, pieces: number): string[][] {
  const blocks: string[][] = [];
  const { thinking } = answer;
  if (thinking) {
    const index = blocks.length;
    blocks.push([
      blockStart(index, { type: 'thinking', thinking: '' }),
      ...splitText(thinking.text, pieces).map((text) => blockDelta(index, { type: 'thinking_delta', thinking: text })),
      blockDelta(index, { type: 'signature_delta', signature: thinking.signature }),
      blockStop(index),
    ]);
  }
  if (answer.text !== '') {
    const index = blocks.length;
    blocks.push([
      blockStart(index, { type: 'text', text: '' }),
      ...splitText(answer.text, pieces).map((text) => blockDelta(index, { type: 'text_delta', text })),
      blockStop(index),
    ]);
  }
  for (const use of answer.toolUses) {
    const index = blocks.length;
    blocks.push([
      blockStart(index, { type: 'tool_use', id: use.id, name: use.name, input: {} }),
      blockDelta(index, { type: 'input_json_delta', partial_json: '' }),
      ...splitJson(use.json).map((partial_json) => blockDelta(index, { type: 'input_json_delta', partial_json })),
      blockStop(index),
    ]);
  }
  return blocks;
}

/**
 * Anthropic's event sequence: `message_start` (empty content, input usage), the content blocks
 * with a `ping` after the first block opens, `message_delta` (stop reason, cumulative usage) and
 * `message_stop`. Deltas are the paced body; the last block's stop and the ending are the tail.
 */
export function planMessageStream(message: Record<string, unknown>, answer: MessageAnswer, pieces: number, usage: Record<string, unknown>): StreamPlan {
  const start = frame({ type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
  const frames = blockFrames(answer, pieces).flat();
  const ending = [
    frame({
      type: 'message_delta',
      delta: { stop_reason: answer.stopReason, stop_sequence: answer.stopSequence },
      usage: { input_tokens: usage.input_tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: answer.outputTokens },
    }),
    frame({ type: 'message_stop' }),
  ];
  if (frames.length === 0) return { head: [start, PING], body: [], tail: ending };
  return { head: [start, frames[0]!, PING], body: frames.slice(1, -1), tail: [frames.at(-1)!, ...ending] };
}
