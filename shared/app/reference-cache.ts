// The jurisdiction's reference data, held in process for a short while. The API checks
// every caller's agency against it; re-reading the REF partition on every request would
// add a query per call for data that changes a few times a year. Time comes from the
// injected clock, so tests that move the clock see a refresh. A change made through this
// instance (a coordinator's new routing rules) drops the held copy at once; other
// instances see it within the TTL (docs/jurisdiction.md).
import type { Clock } from "../clock.js";
import type { Reference } from "../domain/routing.js";
import type { ReferenceStore } from "../ports.js";

/** How long another instance may go on showing reference data a coordinator has changed. */
export const REFERENCE_TTL_MS = 60_000;

export class ReferenceCache {
  private held: { at: number; reference: Promise<Reference> } | undefined;

  constructor(
    private readonly store: Pick<ReferenceStore, "getReference">,
    private readonly clock: Clock,
    private readonly ttlMs = REFERENCE_TTL_MS,
  ) {}

  get(): Promise<Reference> {
    const now = this.clock.now().getTime();
    // A clock moved backwards (tests, the local runtime) also counts as stale.
    if (!this.held || now < this.held.at || now - this.held.at >= this.ttlMs) {
      const reference = this.store.getReference();
      this.held = { at: now, reference };
      // A failed read is not kept: the next request tries again.
      reference.catch(() => {
        if (this.held?.reference === reference) this.held = undefined;
      });
    }
    return this.held.reference;
  }

  /** Forget the held copy: the next read goes to the store. */
  invalidate(): void {
    this.held = undefined;
  }

  /**
   * Whether the agency exists. A miss is not re-read at once: a token naming an unknown
   * agency must not buy a table read per request; an agency just added is known within the TTL.
   */
  async hasAgency(agency: string): Promise<boolean> {
    return (await this.get()).agencies.has(agency);
  }
}
