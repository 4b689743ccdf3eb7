// The Hono environment of the console: who is signed in (if anyone), the language and its
// catalogue, and what the pages read from — the same services the API calls, the
// jurisdiction's reference data, the clock and the deadline rules, and the statistics when
// a source of them is wired.
import type { AttachmentService } from "../app/attachments.js";
import type { BulkRouting } from "../app/bulk-route.js";
import type { CaseNotices } from "../app/case-notices.js";
import type { CaseService } from "../app/cases.js";
import type { EscalationService } from "../app/escalations.js";
import type { MeetingService } from "../app/meetings.js";
import type { NotificationService } from "../app/notifications.js";
import type { ReferenceService } from "../app/reference.js";
import type { SavedViewService } from "../app/saved-views.js";
import type { Clock } from "../clock.js";
import type { Identity } from "../domain/access.js";
import type { DeadlinePolicy } from "../domain/deadlines.js";
import type { EscalationRules } from "../domain/escalation.js";
import type { Reference } from "../domain/routing.js";
import type { Catalogue } from "./i18n/zh.js";
import type { Lang } from "./language.js";
import type { Session } from "./session.js";
import type { StatisticsSource } from "./statistics.js";

/** What the pages call: services only, never a store. */
export interface ConsoleServices {
  cases: CaseService;
  attachments: AttachmentService;
  notices: CaseNotices;
  notifications: NotificationService;
  reference: ReferenceService;
  views: SavedViewService;
  routing: BulkRouting;
  meetings: MeetingService;
  escalations: EscalationService;
}

/** Everything a page needs besides the request: built once per app. */
export interface ConsoleContext {
  services: ConsoleServices;
  /** The jurisdiction's agencies, categories and regions, held briefly in process. */
  reference(): Promise<Reference>;
  clock: Clock;
  policy: DeadlinePolicy;
  escalation: EscalationRules;
  /** Where the statistics page's figures come from: GET /v1/stats's service, or what a test wires. */
  statistics: StatisticsSource;
}

export interface ConsoleEnv {
  Variables: {
    console: ConsoleContext;
    lang: Lang;
    t: Catalogue;
    /** The signed-in person; absent before sign-in. */
    who?: Identity;
    session?: Session;
    /** The sign-in form's double-submit token, set before the auth renders the form. */
    signInCsrf?: string;
    secureHeadersNonce?: string;
  };
}
