import { ApiError } from '@alltokens/contracts';
import { normaliseTags, requestAttribution } from './tags';

const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('not refused');
};

describe('request attribution', () => {
  it('merges key tags, the header and metadata; the key wins, then the header', () => {
    expect(
      requestAttribution({
        keyTags: ['team:search'],
        header: 'team:ads, feature:summaries,env:prod',
        metadata: { feature: 'chat', customer: 'acme corp' },
        user: 'user-42',
      }),
    ).toEqual({ tags: ['customer:acme corp', 'env:prod', 'feature:summaries', 'team:search'], endUser: 'user-42' });
  });

  it('accepts bare names, lowercases names and ignores empty items', () => {
    expect(requestAttribution({ keyTags: [], header: 'Beta, ,Team:Search' }).tags).toEqual(['beta', 'team:Search']);
    expect(requestAttribution({ keyTags: [] })).toEqual({ tags: [], endUser: null });
  });

  it.each([
    [{ header: ':x' }, 'x-alltokens-tags', 'has no name'],
    [{ header: 'bad name:x' }, 'x-alltokens-tags', 'letters, digits'],
    [{ header: `t:${'v'.repeat(129)}` }, 'x-alltokens-tags', 'at most 128'],
    [{ header: 't:a,t:b' }, 'x-alltokens-tags', 'given twice'],
    [{ header: Array.from({ length: 21 }, (_, i) => `t${i}:x`).join(',') }, 'x-alltokens-tags', 'At most 20'],
    [{ metadata: { n: 3 } }, 'metadata.n', 'must be a string'],
    [{ metadata: ['a'] }, 'metadata', 'must be an object'],
    [{ metadata: { n: 'tab\there' } }, 'metadata.n', 'printable'],
    [{ user: 42 }, 'user', 'must be a string'],
    [{ user: 'u'.repeat(257) }, 'user', 'at most 256'],
  ])('refuses %j with a 400 naming %s', (input, param, message) => {
    const error = refused(() => requestAttribution({ keyTags: [], ...input }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, param });
    expect(error.message).toContain(message);
  });

  it('counts the key tags towards the limit', () => {
    const keyTags = Array.from({ length: 15 }, (_, i) => `k${i}:x`);
    expect(refused(() => requestAttribution({ keyTags, header: Array.from({ length: 6 }, (_, i) => `h${i}:x`).join(',') })).message).toContain('the key');
  });

  it("normalises a key's default tags", () => {
    expect(normaliseTags(['Team:search', 'cost-centre:42'], 'tags')).toEqual(['team:search', 'cost-centre:42']);
    expect(refused(() => normaliseTags(['a:1', 'A:2'], 'tags')).param).toBe('tags');
  });
});
