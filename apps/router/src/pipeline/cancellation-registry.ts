/** In-flight requests of this router process, so a cancel broadcast can abort their upstream call. */
export class CancellationRegistry {
  private readonly controllers = new Map<string, AbortController>();
  /** Cancels that arrived before the job was picked up (kept briefly). */
  private readonly early = new Map<string, number>();

  register(requestId: string): AbortController {
    const controller = new AbortController();
    if (this.early.delete(requestId)) controller.abort();
    this.controllers.set(requestId, controller);
    return controller;
  }

  release(requestId: string): void {
    this.controllers.delete(requestId);
  }

  cancel(requestId: string): void {
    const controller = this.controllers.get(requestId);
    if (controller) {
      controller.abort();
      return;
    }
    this.early.set(requestId, Date.now());
    if (this.early.size > 10_000) this.pruneEarly();
  }

  private pruneEarly(): void {
    const cutoff = Date.now() - 60_000;
    for (const [id, at] of this.early) if (at < cutoff) this.early.delete(id);
  }
}
