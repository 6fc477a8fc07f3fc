import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withCapabilityTable } from './capability-table';
import { ADAPTERS } from './registry';

describe('docs/providers.md capability table', () => {
  it('matches the adapters’ declared capabilities (run `npm run docs:providers` after changing an adapter)', () => {
    const document = readFileSync(join(__dirname, '../../../docs/providers.md'), 'utf8');
    expect(document).toBe(withCapabilityTable(document, ADAPTERS));
  });

  it('lists every registered format once', () => {
    const formats = ADAPTERS.map((adapter) => adapter.format);
    expect(new Set(formats).size).toBe(formats.length);
  });
});
