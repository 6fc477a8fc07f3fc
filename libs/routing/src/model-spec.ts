import type { Objective } from '@alltokens/contracts';

/** What the client asked for in `model`: a concrete model, or AllTokens choosing one. */
export type ModelSpec =
  | { kind: 'auto'; objective?: Objective }
  | { kind: 'free' }
  | { kind: 'concrete'; modelId: string; variant?: 'nitro' | 'floor' | 'free' };

const ROUTER_VARIANTS: Record<string, Objective> = { quality: 'best', speed: 'fastest', cost: 'cheapest' };

/**
 * `router`, `auto` and `router:quality|speed|cost` let AllTokens pick the model; `free` picks among
 * zero-price endpoints; `author/slug:nitro|floor|free` are OpenRouter's endpoint shortcuts.
 */
export function parseModelSpec(model: string): ModelSpec {
  if (model === 'router' || model === 'auto') return { kind: 'auto' };
  if (model === 'free') return { kind: 'free' };
  if (model.startsWith('router:')) {
    const objective = ROUTER_VARIANTS[model.slice('router:'.length)];
    if (objective) return { kind: 'auto', objective };
  }
  const match = /^(.+):(nitro|floor|free)$/.exec(model);
  if (match) return { kind: 'concrete', modelId: match[1]!, variant: match[2] as 'nitro' | 'floor' | 'free' };
  return { kind: 'concrete', modelId: model };
}

/** `free` and `author/slug:free` may only use zero-price endpoints. */
export function isFreeOnly(spec: ModelSpec): boolean {
  return spec.kind === 'free' || (spec.kind === 'concrete' && spec.variant === 'free');
}
