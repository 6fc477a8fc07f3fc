import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { catalogConfigSchema, type CatalogConfig } from './config.schema';
import { interpolateEnv } from './interpolate';

/** Reads the providers/models file (YAML or JSON), fills `${ENV}` placeholders and validates it. */
export function loadCatalogConfig(path: string, env: NodeJS.ProcessEnv = process.env): CatalogConfig {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read catalog config ${path}: ${(error as Error).message}`);
  }
  const missing: string[] = [];
  const filled = interpolateEnv(raw, env, missing);
  if (missing.length) throw new Error(`Catalog config ${path} uses unset variables: ${[...new Set(missing)].join(', ')}`);
  const result = catalogConfigSchema.safeParse(filled);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid catalog config ${path}:\n${problems.join('\n')}`);
  }
  return result.data;
}
