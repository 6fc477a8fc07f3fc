import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withCapabilityTable } from './capability-table';
import { withParameterTable } from './parameter-table';
import { ADAPTERS } from './registry';

describe('docs/providers.md capability and parameter tables', () => {
  const document = readFileSync(join(__dirname, '../../../docs/providers.md'), 'utf8');

  it('match the adapters’ capabilities and parameter tables (run `npm run docs:providers` after changing an adapter)', () => {
    expect(document).toBe(withParameterTable(withCapabilityTable(document, ADAPTERS), ADAPTERS));
  });

  it('lists every registered format once', () => {
    const formats = ADAPTERS.map((adapter) => adapter.format);
    expect(new Set(formats).size).toBe(formats.length);
  });
});
