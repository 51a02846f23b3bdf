/**
 * Memo of pure results keyed by expression, zone and start: constructs and rules ask the same
 * questions about the same schedules many times in one synth. Bounded so a long-running
 * process cannot grow it without limit. A `compute` that throws leaves nothing behind.
 * @internal
 */
export class Memo<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly limit: number) {}

  public get(key: string, compute: () => T): T {
    if (this.entries.has(key)) {
      return this.entries.get(key)!;
    }
    const value = compute();
    if (this.entries.size >= this.limit) {
      this.entries.clear();
    }
    this.entries.set(key, value);
    return value;
  }
}
