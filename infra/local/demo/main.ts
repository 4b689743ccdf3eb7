// `npm run demo`: one quarter of Demo County (示例县) played on a fast clock against the
// local runtime, then the report. It drives a Casebridge already answering on PORT over
// HTTP, or starts the embedded runtime in this process on the same data folder as
// `npm start`, and leaves the data.
import { logger } from "../../../shared/logger.js";
import { readLocalSettings } from "../boot.js";
import { MissingJavaError } from "../endpoints.js";
import { parseDemoArgs } from "./arguments.js";
import { progressBar } from "./progress.js";
import { playQuarter } from "./quarter.js";
import { duration, formatReport } from "./report.js";
import { openDemoRuntime } from "./runtime.js";

async function main() {
  const started = performance.now();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // The progress bar and the report are the output: only errors from the handlers.
  if (!process.env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel("ERROR");
  const options = parseDemoArgs(process.argv.slice(2));
  const runtime = await openDemoRuntime(readLocalSettings());
  const bootMs = performance.now() - started;
  const bar = progressBar(process.stderr);
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
    process.stderr.write("\nStopping after this day; Ctrl-C again to quit at once.\n");
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    process.stderr.write(`Playing a quarter of Demo County against ${runtime.mode}\n`);
    const summary = await playQuarter(runtime.client, {
      ...options,
      signal: abort.signal,
      onProgress: (d, t, label) => bar.update(d, t, label),
    });
    bar.done(`Played ${summary.days} days; reading the outcome took ${duration(summary.ms.report)}.`);
    process.stdout.write(
      formatReport(summary, { mode: runtime.mode, bootMs, totalMs: performance.now() - started }),
    );
  } finally {
    await runtime.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err instanceof MissingJavaError ? err.message : `The demo could not run: ${err.message}`);
    process.exit(1);
  },
);
