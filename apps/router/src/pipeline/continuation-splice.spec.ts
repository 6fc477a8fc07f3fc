import type { ChatCompletionChunk } from '@alltokens/contracts';
import { ContinuationSplice } from './continuation-splice';

const chunk = (delta: ChatCompletionChunk['choices'][number]['delta'], finish: ChatCompletionChunk['choices'][number]['finish_reason'] = null): ChatCompletionChunk => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

describe('ContinuationSplice', () => {
  it('drops the second role delta and reasoning, and the chunks left empty by that', () => {
    const splice = new ContinuationSplice('');
    const role = chunk({ role: 'assistant', content: '', refusal: null });
    expect(splice.apply(role)).toBe(false);
    const thinking = chunk({ reasoning: 'hmm' });
    expect(splice.apply(thinking)).toBe(false);
    const text = chunk({ role: 'assistant', content: 'more' });
    expect(splice.apply(text)).toBe(true);
    expect(text.choices[0]!.delta).toEqual({ content: 'more' });
    expect(splice.apply(chunk({}, 'stop'))).toBe(true);
  });

  it('skips the whitespace the client already received, across deltas, and nothing else', () => {
    const splice = new ContinuationSplice(' \n');
    const first = chunk({ content: ' ' });
    expect(splice.apply(first)).toBe(false);
    const second = chunk({ content: '\nnext' });
    expect(splice.apply(second)).toBe(true);
    expect(second.choices[0]!.delta.content).toBe('next');
    const later = chunk({ content: ' \nkept' });
    splice.apply(later);
    expect(later.choices[0]!.delta.content).toBe(' \nkept');
    const direct = new ContinuationSplice(' ');
    const word = chunk({ content: 'word' });
    direct.apply(word);
    expect(word.choices[0]!.delta.content).toBe('word');
  });
});
