// Planted spikes, for measuring the early warning on the demo quarter: on a chosen day, `extra`
// more petitions of one category × region than the plan holds, registered by the bureau like
// any other (each from a different person, none giving an ID number, so none is a repeat).
import { localDay } from "../../../shared/domain/calendar.js";
import { INTAKE } from "./county.js";
import { TZ } from "./local-time.js";
import type { QuarterScript } from "./script.js";

export interface SpikePlan {
  /** The quarter's day (from 0); a rest day moves on to the next working day. */
  day: number;
  category: string;
  region: string;
  extra: number;
}

/** A spike as planted: its local day. */
export interface PlantedSpike extends Omit<SpikePlan, "day"> {
  day: string;
}

export function scriptSpikes(script: QuarterScript, spikes: readonly SpikePlan[]): PlantedSpike[] {
  return spikes.map((spike, i) => {
    const day = script.workday(spike.day);
    for (let k = 0; k < spike.extra; k++) {
      const key = `spike-${i}-${k}`;
      script.at(day, key, async () => {
        await script.act(
          `register spike ${i} petition ${k}`,
          INTAKE,
          "POST",
          "/v1/cases",
          {
            channel: "visit",
            petitioner: { name: `居民${i}${k}` },
            headcount: 1,
            category: spike.category,
            region: spike.region,
            title: "The same complaint as the neighbours'",
            description: "One of several residents bringing the same matter on the same day.",
          },
          { "idempotency-key": `demo-${script.runId}-${key}` },
        );
      });
    }
    return {
      category: spike.category,
      region: spike.region,
      extra: spike.extra,
      day: localDay(script.slotTime(day), TZ),
    };
  });
}
