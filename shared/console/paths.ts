// Where the console lives and the addresses of its pages: one place, so links, redirects
// and the session cookie's Path agree. The console is mounted at /console by the local
// runtime and by the `console` Lambda alike.

export const CONSOLE_BASE = "/console";

/** The console's addresses; a case's or a meeting's id (a ULID) is the only identifier that reaches a URL. */
export const paths = {
  inbox: CONSOLE_BASE,
  signIn: `${CONSOLE_BASE}/sign-in`,
  signOut: `${CONSOLE_BASE}/sign-out`,
  register: `${CONSOLE_BASE}/register`,
  notifications: `${CONSOLE_BASE}/notifications`,
  notificationRead: (id: string) => `${CONSOLE_BASE}/notifications/${encodeURIComponent(id)}/read`,
  case: (id: string) => `${CONSOLE_BASE}/cases/${encodeURIComponent(id)}`,
  caseIdentity: (id: string) => `${CONSOLE_BASE}/cases/${encodeURIComponent(id)}/identity`,
  caseAccessLog: (id: string) => `${CONSOLE_BASE}/cases/${encodeURIComponent(id)}/access-log`,
  caseNotice: (id: string, noticeId: string) =>
    `${CONSOLE_BASE}/cases/${encodeURIComponent(id)}/notices/${encodeURIComponent(noticeId)}`,
  caseAttachment: (id: string, attachmentId: string) =>
    `${CONSOLE_BASE}/cases/${encodeURIComponent(id)}/attachments/${encodeURIComponent(attachmentId)}`,
  caseCommand: (id: string, command: string) => `${CONSOLE_BASE}/cases/${encodeURIComponent(id)}/${command}`,
  inboxCsv: `${CONSOLE_BASE}/inbox.csv`,
  views: `${CONSOLE_BASE}/views`,
  viewDelete: (id: string) => `${CONSOLE_BASE}/views/${encodeURIComponent(id)}/delete`,
  routeSelected: `${CONSOLE_BASE}/route-selected`,
  escalations: `${CONSOLE_BASE}/escalations`,
  meetings: `${CONSOLE_BASE}/meetings`,
  meeting: (id: string) => `${CONSOLE_BASE}/meetings/${encodeURIComponent(id)}`,
  /** decisions, sanctions, close, minutes: as the API names them under /v1/meetings/{id}. */
  meetingAction: (id: string, action: "decisions" | "sanctions" | "close" | "minutes") =>
    `${CONSOLE_BASE}/meetings/${encodeURIComponent(id)}/${action}`,
  statistics: `${CONSOLE_BASE}/statistics`,
  asset: (file: string) => `${CONSOLE_BASE}/assets/${file}`,
};

/** An id as the platform makes them (a ULID): a case's, a meeting's or a notification's. Anything else names nothing. */
export const PLATFORM_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
