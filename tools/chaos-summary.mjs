// Prints the figures every chaos case reported (one JSON line each, see test/chaos/support/figures.ts) as one table.
import { readFileSync, existsSync } from 'node:fs';

const file = process.argv[2];
const lines = file && existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
console.log(`\n== chaos summary (${lines.length} cases, ${file})`);
for (const { case: name, mode, at, ...figures } of lines) {
  console.log(`${name.padEnd(28)} ${mode.padEnd(5)} ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}
