const PLACEHOLDER = /\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/gi;

/** Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed config tree. */
export function interpolateEnv<T>(value: T, env: NodeJS.ProcessEnv, missing: string[] = []): T {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_match, name: string, fallback?: string) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      missing.push(name);
      return '';
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item) => interpolateEnv(item, env, missing)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateEnv(item, env, missing)]),
    ) as T;
  }
  return value;
}
