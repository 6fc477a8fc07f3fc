import { sampleFromSchema } from './json-schema-sample';

describe('sampleFromSchema', () => {
  it('fills required properties with values of the right type', () => {
    const value = sampleFromSchema({
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 2 },
        ratio: { type: 'number' },
        ok: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        note: { type: ['string', 'null'] },
        optional: { type: 'string' },
      },
      required: ['city', 'unit', 'days', 'ratio', 'ok', 'tags', 'note'],
    });
    expect(value).toEqual({ city: 'sample city', unit: 'celsius', days: 2, ratio: 1.5, ok: true, tags: ['sample tags'], note: 'sample note' });
  });

  it('follows local $refs and anyOf, and fills every property when none is required', () => {
    const value = sampleFromSchema({
      $defs: { Point: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'] } },
      type: 'object',
      properties: { at: { $ref: '#/$defs/Point' }, label: { anyOf: [{ type: 'null' }, { type: 'string' }] } },
    });
    expect(value).toEqual({ at: { x: 1.5, y: 1.5 }, label: 'sample label' });
  });

  it('terminates on recursive schemas', () => {
    const schema = { type: 'object', properties: { child: { $ref: '#' } }, required: ['child'] };
    expect(() => JSON.stringify(sampleFromSchema(schema))).not.toThrow();
  });
});
