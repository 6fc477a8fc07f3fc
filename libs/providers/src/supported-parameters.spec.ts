import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMAT_PARAMETERS } from '@alltokens/catalog';
import { FORMAT_PARAMETERS_PATH, renderFormatParameters, supportedParameters } from './supported-parameters';
import { ADAPTERS } from './registry';

const adapter = (format: string) => ADAPTERS.find((candidate) => candidate.format === format)!;

describe('supported parameters, from the adapters', () => {
  it('lists what a format sends, not what it drops or refuses', () => {
    expect(supportedParameters(adapter('openai'))).toEqual(expect.arrayContaining(['seed', 'stop', 'logit_bias', 'tools', 'parallel_tool_calls', 'response_format']));
    expect(supportedParameters(adapter('anthropic'))).not.toContain('seed');
    expect(supportedParameters(adapter('anthropic'))).toEqual(expect.arrayContaining(['max_tokens', 'stop', 'temperature', 'top_k', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'reasoning']));
    expect(supportedParameters(adapter('deepseek'))).not.toContain('seed');
    expect(supportedParameters(adapter('perplexity'))).not.toContain('tools');
  });

  it(`match ${FORMAT_PARAMETERS_PATH}, which the catalog reads (run \`npm run docs:providers\` after changing an adapter)`, () => {
    expect(readFileSync(join(__dirname, '../../..', FORMAT_PARAMETERS_PATH), 'utf8')).toBe(renderFormatParameters(ADAPTERS));
    expect(FORMAT_PARAMETERS.anthropic).toEqual(supportedParameters(adapter('anthropic')));
  });
});
