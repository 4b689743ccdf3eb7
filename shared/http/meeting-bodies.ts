// The bodies of the meeting routes (shared/http/meetings.ts), apart from the routes: the
// console's meeting forms are checked by these too, and importing them from here leaves
// the routes, their examples and their OpenAPI answers out of the console's bundle.
import { SANCTION_KINDS } from "../domain/meetings.js";
import { slug, text } from "./schemas.js";
import * as z from "./zod.js";

const isoDateTime = z.string().datetime({ offset: true });

export const NewMeetingBody = z
  .strictObject({
    title: text(200),
    scheduledAt: isoDateTime,
    members: z.array(slug).min(1).max(30),
  })
  .openapi("NewMeeting");
export const MeetingDecisionBody = z
  .strictObject({
    caseId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "a case id"),
    lead: slug,
    cohandlers: z.array(slug).max(10).optional(),
    handleDays: z.number().int().min(-10_000).max(10_000).optional(),
    leader: z.string().min(1).max(100).regex(/^\S+$/).optional(),
    hearing: z.strictObject({ at: isoDateTime, participants: z.array(text(200)).min(1).max(100) }).optional(),
    note: text(5000),
  })
  .openapi("MeetingDecision");
export const SanctionBody = z
  .strictObject({ agency: slug, kind: z.enum(SANCTION_KINDS), reason: text(2000) })
  .openapi("Sanction");
export const CloseMeetingBody = z
  .strictObject({ present: z.array(slug).max(30).optional() })
  .openapi("CloseMeeting");
