import type { Personality, Route } from './personality';

export type RouteMatch =
  | { kind: 'route'; route: Route; personality: Personality; params: string[] }
  | { kind: 'wrong-method'; personality: Personality }
  | { kind: 'none'; personality: Personality };

interface Entry {
  route: Route;
  personality: Personality;
}

/** Finds the route for a request across personalities: exact paths by map lookup, patterns in order. */
export class Router {
  private readonly exact = new Map<string, Entry[]>();
  private readonly patterns: Array<Entry & { path: RegExp }> = [];

  constructor(private readonly personalities: Personality[]) {
    if (personalities.length === 0) throw new Error('the simulator needs at least one personality');
    for (const personality of personalities) {
      for (const route of personality.routes) {
        if (typeof route.path === 'string') {
          const entries = this.exact.get(route.path) ?? [];
          entries.push({ route, personality });
          this.exact.set(route.path, entries);
        } else {
          this.patterns.push({ route, personality, path: route.path });
        }
      }
    }
  }

  find(method: string, path: string): RouteMatch {
    const entries = this.exact.get(path);
    if (entries) {
      const hit = entries.find((entry) => entry.route.method === method);
      if (hit) return { kind: 'route', route: hit.route, personality: hit.personality, params: [] };
      return { kind: 'wrong-method', personality: entries[0]!.personality };
    }
    let wrongMethod: Personality | undefined;
    for (const entry of this.patterns) {
      const match = entry.path.exec(path);
      if (!match) continue;
      if (entry.route.method === method) {
        return { kind: 'route', route: entry.route, personality: entry.personality, params: match.slice(1).map(decodeURIComponent) };
      }
      wrongMethod ??= entry.personality;
    }
    if (wrongMethod) return { kind: 'wrong-method', personality: wrongMethod };
    return { kind: 'none', personality: this.personalities[0]! };
  }
}
