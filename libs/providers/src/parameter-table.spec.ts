import { COMMON_PARAMETERS } from './core/parameters';
import { renderParameterTable } from './parameter-table';
import { ADAPTERS } from './registry';

describe('parameter tables', () => {
  it.each(ADAPTERS.map((adapter) => [adapter.format, adapter] as const))('%s accounts for every common parameter exactly once', (_format, adapter) => {
    const named = adapter.parameters.describe().map((fate) => fate.name).filter((name) => (COMMON_PARAMETERS as readonly string[]).includes(name));
    expect([...named].sort()).toEqual([...COMMON_PARAMETERS].sort());
  });

  it('renders one row per format, naming what is renamed, clamped, dropped and refused', () => {
    const table = renderParameterTable(ADAPTERS);
    const row = (format: string) => table.split('\n').find((line) => line.startsWith(`| \`${format}\` |`))!;
    expect(row('cohere')).toContain('`top_p` → `p` (0.01–0.99)');
    expect(row('anthropic')).toContain('`n`: Anthropic returns one choice per request; n must be 1');
    expect(row('yandex')).toMatch(/\| .*`stop`.* \| — \|$/);
    expect(row('openai')).toMatch(/^\| `openai` \| — \|/);
    expect(table.split('\n')).toHaveLength(ADAPTERS.length + 4);
  });
});
