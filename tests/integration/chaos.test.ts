// The chaos run, small: a few dozen cases walk their lifecycle while the AWS clients and the
// consumers fail as tests/support/chaos-middleware.ts injects (SQS sends failing before or
// after sending, throttling, transaction conflicts, duplicate deliveries, consumers dying
// mid-batch, two relays at once, the stats function crashing). Afterwards, from the store: no
// handoff lost, no effect applied twice, every chain and clock sound, every counter equal to
// a recount. `npm run chaos` runs 1,000 cases; CHAOS_SEED replays a seed here too.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { logger } from "../../shared/logger.js";
import { Chaos } from "../support/chaos-middleware.js";
import { chaosSeed, formatReport, openChaosStack, runChaos } from "../support/chaos-run.js";

const seed = chaosSeed([], { CHAOS_SEED: process.env.CHAOS_SEED ?? "20261129" });
const cases = Number(process.env.CHAOS_TEST_CASES ?? 40);

// Every injected fault makes a handler log an error: the summary below says what happened.
beforeAll(() => logger.setLogLevel("SILENT"));
afterAll(() => logger.setLogLevel((process.env.POWERTOOLS_LOG_LEVEL ?? "INFO") as "INFO"));

describe("the lifecycle under injected faults", () => {
  it(`loses no handoff, applies nothing twice, keeps chains, clocks and counters sound (seed ${seed})`, async () => {
    const chaos = new Chaos(seed);
    const stack = await openChaosStack(
      { dynamodb: inject("dynamodbEndpoint"), sqs: inject("sqsEndpoint"), s3: inject("s3Endpoint") },
      chaos,
    );
    try {
      const report = await runChaos(stack, chaos, { seed, cases, concurrency: 6, maxWaves: 40 });
      console.info(formatReport(report));
      expect(report.registered).toBe(cases);
      expect(report.faultTotal).toBeGreaterThan(20);
      for (const check of report.checks) expect(check.failures, check.name).toEqual([]);
      expect(
        Object.keys(report.answers).filter((a) => a.startsWith("unexpected") || a.startsWith("driver")),
      ).toEqual([]);
    } finally {
      await stack.stop();
    }
  }, 300_000); // well under a minute on an idle machine; the margin is for a loaded one
});
