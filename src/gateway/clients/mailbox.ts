/**
 * Hands work from one request's context to another's. A Worker isolate runs each WebSocket in the
 * context of the request that opened it, and an I/O object (a socket) may only be used from its
 * own context. So another connection never touches a socket: it posts to the owner's mailbox,
 * whose consumer loop was started in the owner's context and runs there (workerd resumes a promise
 * in the context that created it: handle_cross_request_promise_resolution, on since 2024-10-14).
 */
export class Mailbox<T> {
  private items: T[] = [];
  private wake: (() => void) | null = null;
  private closed = false;

  /** Construct in the owner's context: `handle` always runs there. */
  constructor(private readonly handle: (items: T[]) => void) {
    void this.loop();
  }

  post(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.ring();
  }

  close(): void {
    this.closed = true;
    this.items = [];
    this.ring();
  }

  private ring(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      if (this.items.length === 0) await new Promise<void>((r) => (this.wake = r));
      if (this.closed) return;
      this.handle(this.items.splice(0));
    }
  }
}
