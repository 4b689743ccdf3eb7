// The one source of "now". Domain code receives a Clock; only the system clock below
// reads the wall clock, and the local runtime and tests use a controllable one.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that runs with real time but can be moved forward or back (local runtime, tests). */
export class ControlledClock implements Clock {
  constructor(
    private offsetMs = 0,
    private readonly wall: Clock = systemClock,
  ) {}

  now(): Date {
    return new Date(this.wall.now().getTime() + this.offsetMs);
  }

  advance(ms: number): Date {
    this.offsetMs += ms;
    return this.now();
  }

  set(at: Date): Date {
    this.offsetMs = at.getTime() - this.wall.now().getTime();
    return this.now();
  }

  get offset(): number {
    return this.offsetMs;
  }
}
