// Structured JSON logs (Powertools). Log ids, agencies and event types; never a
// petitioner's name, ID number, phone or address, never a whole body or event.
import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";

export const logger = new Logger({ serviceName: "casebridge" });
export type { Logger };

/**
 * Powertools' `injectLambdaContext` for a plain handler function: every line the invocation
 * logs carries `cold_start`, `function_name`, `function_arn`, `function_memory_size` and
 * `function_request_id`, and keys appended during it do not leak into the next one. Done as
 * Powertools documents for a handler that is neither a decorated class method nor a Middy
 * chain: `addContext(context)` first, `resetKeys()` last. The event is never logged (no
 * `logEventIfEnabled`, whatever POWERTOOLS_LOGGER_LOG_EVENT says): it carries petitioners' data.
 * Nor is debug sampling re-drawn per invocation as the decorator does: no sample rate is set,
 * and the re-draw would undo a log level set at run time (local runtime, bench, tests).
 *
 * A schedule's handler reads neither argument. The local runtime calls it with none, and then
 * nothing is added.
 */
export function injectLambdaContext<R>(
  log: Logger,
  handler: () => Promise<R>,
): (event?: unknown, context?: Context) => Promise<R>;
export function injectLambdaContext<E, R>(
  log: Logger,
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R>;
export function injectLambdaContext<E, R>(log: Logger, handler: (event: E, context: Context) => Promise<R>) {
  return async (event: E, context?: Context): Promise<R> => {
    if (context) log.addContext(context);
    try {
      return await handler(event, context as Context);
    } finally {
      log.resetKeys();
    }
  };
}
