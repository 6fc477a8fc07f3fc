import { cutAtStop, loremText, splitJson, splitText } from './content';

describe('content', () => {
  it('makes deterministic text of the requested size', () => {
    expect(loremText(300)).toHaveLength(300);
    expect(loremText(10_000)).toHaveLength(10_000);
    expect(loremText(300)).toBe(loremText(300));
    expect(loremText(0)).toBe('');
  });

  it('splits into exactly N pieces or per word, always reassembling the text', () => {
    const text = loremText(1000);
    const pieces = splitText(text, 64);
    expect(pieces).toHaveLength(64);
    expect(pieces.join('')).toBe(text);
    expect(splitText('Hello big world', 0)).toEqual(['Hello', ' big', ' world']);
    expect(splitText('abc', 10)).toEqual(['a', 'b', 'c']);
    expect(splitText('', 5)).toEqual([]);
  });

  it('splits JSON like argument deltas', () => {
    const json = '{"city":"Paris","days":3}';
    expect(splitJson(json).join('')).toBe(json);
    expect(splitJson(json).length).toBeGreaterThan(4);
  });

  it('cuts at the earliest stop sequence', () => {
    expect(cutAtStop('one two three', ['three', 'two'])).toBe('one ');
    expect(cutAtStop('one two', ['four'])).toBeUndefined();
  });
});
