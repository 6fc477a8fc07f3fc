import type { Span } from './detectors/span';

/** Non-overlapping spans kept in order; a span overlapping one already taken is refused. */
export class SpanSet<T> {
  private readonly items: Array<Span & { value: T }> = [];

  /** Returns whether the span was taken. */
  take(span: Span, value: T): boolean {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.items[mid]!.start < span.start) low = mid + 1;
      else high = mid;
    }
    const before = this.items[low - 1];
    const after = this.items[low];
    if ((before && before.end > span.start) || (after && after.start < span.end)) return false;
    this.items.splice(low, 0, { ...span, value });
    return true;
  }

  get size(): number {
    return this.items.length;
  }

  /** `text` with every span replaced by what `replacement` gives for its value. */
  replaceIn(text: string, replacement: (value: T) => string): string {
    let out = '';
    let at = 0;
    for (const item of this.items) {
      out += text.slice(at, item.start) + replacement(item.value);
      at = item.end;
    }
    return out + text.slice(at);
  }
}
