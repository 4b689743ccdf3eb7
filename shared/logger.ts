// Structured JSON logs (Powertools). Log ids, agencies and event types; never a
// petitioner's name, ID number, phone or address, never a whole body or event.
import { Logger } from "@aws-lambda-powertools/logger";

export const logger = new Logger({ serviceName: "casebridge" });
export type { Logger };
