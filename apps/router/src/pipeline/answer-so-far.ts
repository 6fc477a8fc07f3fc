import type { ChatCompletionChunk } from '@alltokens/contracts';
import type { AnswerFacts } from '../fidelity/answer-judge';

interface ToolCallSoFar {
  name: string;
  arguments: string;
}

/**
 * What a stream has told the client so far (its first choice): the text, tool calls, whether
 * reasoning is still arriving, how it finished. Decides whether a broken stream can be continued and
 * feeds fidelity when it ends. Costs one concatenation per text delta on the hot path.
 */
export class AnswerSoFar {
  content = '';
  private reasoning = '';
  private reasoningInFlight = false;
  private otherChoices = false;
  private readonly toolCalls = new Map<number, ToolCallSoFar>();
  finishReason: string | null = null;

  observe(chunk: ChatCompletionChunk): void {
    for (const choice of chunk.choices) {
      if (choice.index !== 0) {
        this.otherChoices = true;
        continue;
      }
      const { delta } = choice;
      if (delta.reasoning) {
        this.reasoning += delta.reasoning;
        this.reasoningInFlight = true;
      }
      if (delta.content) {
        this.content += delta.content;
        this.reasoningInFlight = false;
      }
      for (const call of delta.tool_calls ?? []) {
        let seen = this.toolCalls.get(call.index);
        if (!seen) this.toolCalls.set(call.index, (seen = { name: '', arguments: '' }));
        if (call.function?.name) seen.name += call.function.name;
        if (call.function?.arguments) seen.arguments += call.function.arguments;
      }
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
  }

  get finished(): boolean {
    return this.finishReason !== null;
  }

  /** Why an answer broken off here cannot be continued on another endpoint, or null when it can. */
  unresumable(): string | null {
    if (this.otherChoices) return 'several choices (n > 1) cannot be continued';
    if (this.toolCalls.size) return 'a tool call was in flight';
    if (this.reasoningInFlight) return 'reasoning was in flight';
    return null;
  }

  /** Everything produced, for counting tokens when the provider reported none. */
  producedText(): string {
    if (!this.toolCalls.size) return this.reasoning + this.content;
    return this.reasoning + this.content + JSON.stringify([...this.toolCalls.values()]);
  }

  facts(completionTokens: number | null): AnswerFacts {
    return { content: this.content, toolCalls: [...this.toolCalls.values()], finishReason: this.finishReason, completionTokens };
  }
}
