// Regenerates the capability and parameter tables in docs/providers.md, and the catalog's table of the parameters each
// format supports, from the built adapters (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { ADAPTERS, FORMAT_PARAMETERS_PATH, renderFormatParameters, withCapabilityTable, withParameterTable } = require(join(root, 'dist/libs/providers/src/index.js'));
const path = join(root, 'docs/providers.md');
writeFileSync(path, withParameterTable(withCapabilityTable(readFileSync(path, 'utf8'), ADAPTERS), ADAPTERS));
// The catalog cannot import the adapters: what each format supports is written into it.
writeFileSync(join(root, FORMAT_PARAMETERS_PATH), renderFormatParameters(ADAPTERS));
console.log(`docs/providers.md and ${FORMAT_PARAMETERS_PATH}: ${ADAPTERS.length} formats`);
