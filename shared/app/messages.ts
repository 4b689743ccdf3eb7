// Queue message bodies, checked on the way in: a malformed message is an error the
// batch processor reports, and after the last retry it rests in the dead-letter queue.
import * as z from "zod";
import type { Handoff, Notification } from "../domain/model.js";
import { NOTIFICATION_TYPES, ROLES } from "../domain/model.js";

const HandoffMessage = z.object({
  id: z.string().min(1),
  caseId: z.string().min(1),
  kind: z.enum(["transfer", "assign"]),
  from: z.string(),
  to: z.string(),
  cohandlers: z.array(z.string()),
  reportBackDays: z.number().int().optional(),
  requestedAt: z.string(),
});

const NotificationMessage = z.object({
  id: z.string().min(1),
  type: z.enum(NOTIFICATION_TYPES),
  caseId: z.string().min(1),
  agency: z.string(),
  roles: z.array(z.enum(ROLES)),
  user: z.string().optional(),
  level: z.number().int(),
  at: z.string(),
  hotspot: z
    .object({
      category: z.string(),
      region: z.string(),
      window: z.enum(["day", "week"]),
      day: z.string(),
      observed: z.number().int(),
      expected: z.number(),
      caseIds: z.array(z.string().min(1)),
    })
    .optional(),
  repeat: z
    .object({
      category: z.string(),
      caseIds: z.array(z.string().min(1)),
      withinDays: z.number().int(),
      afterFinal: z.boolean(),
    })
    .optional(),
});

export const parseHandoff = (body: string): Handoff => HandoffMessage.parse(JSON.parse(body)) as Handoff;
export const parseNotification = (body: string): Notification =>
  NotificationMessage.parse(JSON.parse(body)) as Notification;
