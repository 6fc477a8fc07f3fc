import { splitJson, splitText } from '../content';
import type { StreamPlan } from '../personality';
import type { Answer } from './chat-answer';
import type { ChatUsage } from './usage';

export interface ChunkEnvelope {
  id: string;
  created: number;
  model: string;
  serviceTier: string;
  fingerprint: string;
  includeUsage: boolean;
  obfuscation: boolean;
}

const PADDING = 'Xk3pQ9zLm2RtV7wB';

/** Builds `chat.completion.chunk` frames; the envelope is serialised once, deltas per chunk. */
export class ChunkWriter {
  private readonly prefix: string;
  private readonly usageNull: string;

  constructor(private readonly envelope: ChunkEnvelope) {
    this.prefix =
      `data: {"id":"${envelope.id}","object":"chat.completion.chunk","created":${envelope.created},` +
      `"model":${JSON.stringify(envelope.model)},"service_tier":${JSON.stringify(envelope.serviceTier)},` +
      `"system_fingerprint":${JSON.stringify(envelope.fingerprint)},"choices":[`;
    this.usageNull = envelope.includeUsage ? ',"usage":null' : '';
  }

  choice(index: number, delta: object, finishReason: string | null = null): string {
    const deltaJson = JSON.stringify(delta);
    // OpenAI pads every chunk with an `obfuscation` string so sizes don't leak token lengths.
    const padding = this.envelope.obfuscation ? `,"obfuscation":"${PADDING.slice(0, 1 + (deltaJson.length % PADDING.length))}"` : '';
    const finish = finishReason === null ? 'null' : `"${finishReason}"`;
    return `${this.prefix}{"index":${index},"delta":${deltaJson},"logprobs":null,"finish_reason":${finish}}]${this.usageNull}${padding}}\n\n`;
  }

  usage(usage: ChatUsage): string {
    return `${this.prefix}],"usage":${JSON.stringify(usage)}}\n\n`;
  }
}

export const DONE_FRAME = 'data: [DONE]\n\n';

function choiceFrames(writer: ChunkWriter, index: number, answer: Answer, pieces: number): { head: string; body: string[] } {
  if (!answer.toolCalls) {
    const head = writer.choice(index, { role: 'assistant', content: '', refusal: null });
    return { head, body: splitText(answer.content ?? '', pieces).map((content) => writer.choice(index, { content })) };
  }
  const body: string[] = [];
  let head = '';
  answer.toolCalls.forEach((call, k) => {
    const opening = { index: k, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } };
    if (k === 0) head = writer.choice(index, { role: 'assistant', content: null, tool_calls: [opening], refusal: null });
    else body.push(writer.choice(index, { tool_calls: [opening] }));
    for (const fragment of splitJson(call.function.arguments)) {
      body.push(writer.choice(index, { tool_calls: [{ index: k, function: { arguments: fragment } }] }));
    }
  });
  return { head, body };
}

/** Role chunk, deltas (choices interleaved), finish chunks, optional usage chunk, `[DONE]`. */
export function planChatStream(writer: ChunkWriter, answers: Answer[], pieces: number, usage?: ChatUsage): StreamPlan {
  const perChoice = answers.map((answer, index) => choiceFrames(writer, index, answer, pieces));
  const body: string[] = [];
  const steps = Math.max(0, ...perChoice.map((frames) => frames.body.length));
  for (let step = 0; step < steps; step++) {
    for (const frames of perChoice) if (step < frames.body.length) body.push(frames.body[step]!);
  }
  const tail = answers.map((answer, index) => writer.choice(index, {}, answer.finishReason));
  if (usage) tail.push(writer.usage(usage));
  tail.push(DONE_FRAME);
  return { head: perChoice.map((frames) => frames.head), body, tail };
}
