// The console's JavaScript as a first visit downloads it, gzipped (level 9): the entry script and the
// modules it preloads, plus the landing page's chunk (Overview). `node tools/build.mjs` first.
// Usage: node tools/console/bundle-size.mjs [--max-kb 250]
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = resolve(import.meta.dirname, '../../dist/console');
const maxKb = Number(process.argv[process.argv.indexOf('--max-kb') + 1] || 250);
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const referenced = [...html.matchAll(/(?:src|href)="\/dashboard\/(assets\/[^"]+)"/g)].map((m) => m[1]);
const assets = readdirSync(join(dir, 'assets'));
const landing = assets.filter((name) => name.startsWith('overview-page-'));
const size = (file) => {
  const bytes = readFileSync(join(dir, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const initial = [...new Set([...referenced, ...landing.map((name) => `assets/${name}`)])].map(size);
const all = assets.filter((name) => name.endsWith('.js')).map((name) => size(`assets/${name}`));
const kb = (n) => (n / 1024).toFixed(1);
const sum = (rows, field) => rows.reduce((total, row) => total + row[field], 0);
const js = initial.filter((row) => row.file.endsWith('.js'));
console.log('| file | raw KB | gzip KB |\n| --- | ---: | ---: |');
for (const row of initial) console.log(`| ${row.file} | ${kb(row.raw)} | ${kb(row.gzip)} |`);
console.log(`\nInitial JavaScript (entry + landing page): ${kb(sum(js, 'gzip'))} KB gzipped (${kb(sum(js, 'raw'))} KB raw); CSS ${kb(sum(initial.filter((r) => r.file.endsWith('.css')), 'gzip'))} KB gzipped.`);
console.log(`All JavaScript, every page loaded: ${kb(sum(all, 'gzip'))} KB gzipped in ${all.length} files.`);
if (sum(js, 'gzip') > maxKb * 1024) {
  console.error(`Initial JavaScript is over ${maxKb} KB gzipped`);
  process.exit(1);
}
