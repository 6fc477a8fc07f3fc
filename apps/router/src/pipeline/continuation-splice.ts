import type { ChatCompletionChunk } from '@alltokens/contracts';

/**
 * Makes a continuation's chunks read as the rest of the answer the client already has: no second
 * role delta, no reasoning (the answer is past it), and none of the whitespace the client already
 * received but the prefill had to leave out (Anthropic refuses a prefill ending in whitespace, and
 * the model then usually starts with it). Returns false for a chunk left with nothing to say.
 */
export class ContinuationSplice {
  constructor(private pendingWhitespace: string) {}

  apply(chunk: ChatCompletionChunk): boolean {
    const choice = chunk.choices[0];
    if (!choice) return true;
    const { delta } = choice;
    delete delta.role;
    delete delta.reasoning;
    if (this.pendingWhitespace && delta.content) delta.content = this.skipRepeated(delta.content);
    if (!delta.content) delete delta.content;
    if (delta.refusal == null) delete delta.refusal;
    const saysSomething = Object.keys(delta).length > 0 || choice.finish_reason !== null || chunk.usage != null;
    return saysSomething;
  }

  /** Drops from `content` the leading part that repeats the whitespace the client already has. */
  private skipRepeated(content: string): string {
    let same = 0;
    const pending = this.pendingWhitespace;
    while (same < pending.length && same < content.length && content[same] === pending[same]) same += 1;
    // Once the continuation says something else, nothing more is pending.
    this.pendingWhitespace = same === content.length ? pending.slice(same) : '';
    return content.slice(same);
  }
}
