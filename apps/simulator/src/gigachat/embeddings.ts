import { vectorOf } from '../openai/embeddings';
import type { Exchange, Route } from '../personality';
import { tokenCount } from '../tokens';
import { requireList, requireObject, requireString } from './checks';
import { invalidParams } from './errors';

const DIMENSIONS = 1024;

const item = (text: string, index: number) => ({
  object: 'embedding',
  embedding: Array.from(vectorOf(text, DIMENSIONS)),
  index,
  usage: { prompt_tokens: tokenCount(text) },
});

/** `POST /api/v1/embeddings` `{model, input: [...]}`: one item per input, each with its own token count. */
export const embeddingsRoute: Route = {
  method: 'POST',
  path: '/api/v1/embeddings',
  prepare({ body: raw }): Exchange {
    const body = requireObject(raw, 'request', ['model', 'input']);
    const model = requireString(body.model, 'model');
    const inputs = typeof body.input === 'string' ? [body.input] : requireList(body.input, 'input');
    if (inputs.length === 0 || !inputs.every((input) => typeof input === 'string' && input !== '')) {
      throw invalidParams('input must be a non-empty array of non-empty strings');
    }
    const texts = inputs as string[];
    return {
      model,
      directiveText: texts.at(-1),
      respond: () => ({ kind: 'json', body: { object: 'list', data: texts.map(item), model } }),
    };
  },
};
