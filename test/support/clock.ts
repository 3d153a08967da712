import type { Clock } from '../../src/ports/clock';

/** A clock the test sets and moves; the app reads "now" from it (startTestApp overrides.clock). */
export class TestClock implements Clock {
  private current: Date;

  constructor(start: string | Date) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: string | Date): void {
    this.current = new Date(at);
  }
}
