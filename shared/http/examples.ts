// Examples for the OpenAPI document: one request body per operation that takes one, and
// the main answers. They are the bearing-factory petition of the demo county, masked as
// any reply masks it; tests/integration/openapi-contract.test.ts checks each against its
// schema, so an example cannot drift from what the server accepts and answers.

const ID = "01KAH3Q6J1X2Y3Z4A5B6C7D8E9";
const MEETING_ID = "01KAJ0M2N3P4Q5R6S7T8V9W0X1";
const AT = "2026-09-30T02:00:00.000Z";

export const examples = {
  registerCase: {
    channel: "visit",
    receivedAt: "2026-09-30T01:30:00+08:00",
    petitioner: {
      name: "王建国",
      idNumber: "410102197001011234",
      phone: "13800001234",
      address: "示例县城关镇幸福路1号",
    },
    headcount: 32,
    category: "labor-social-security",
    region: "industrial-park",
    title: "轴承厂退休职工养老金",
    description: "县轴承厂32名职工反映改制后养老保险和医疗保险未接续。",
    respondent: { agency: "sasac", official: "厂长" },
  },
  commands: {
    route: { kind: "transfer" },
    acknowledge: {},
    decline: {
      reason: "Not a petition matter: a labour arbitration case is pending.",
      basis: "信访工作条例 Art. 31",
    },
    object: { reason: "A land-acquisition matter: natres has authority." },
    "resolve-dispute": { to: "natres", kind: "transfer" },
    "add-cohandler": { agency: "sasac" },
    note: { text: "Called the factory's accountant; records arrive Friday." },
    "request-extension": { days: 15, reason: "Awaiting the pension fund's records." },
    "approve-extension": { approve: true },
    pause: { reason: "hearing", note: "Hearing with deputies and lawyers on 21 October." },
    resume: { clock: "handle" },
    reply: {
      summary: "Arrears paid by December",
      text: "The factory pays the pension arrears by 31 December; medical insurance resumes in November.",
    },
    "request-review": { reason: "The amount of the arrears is wrong." },
    "review-opinion": {
      decision: "upheld",
      text: "The reply stands: the arrears were computed under the 2019 rules.",
    },
    "request-re-review": { reason: "The 2019 rules do not apply to retired workers." },
    "re-review-opinion": {
      decision: "changed",
      text: "The arrears are recomputed for retired workers; the matter is final.",
    },
    "assign-leader": { leader: "leader-li" },
    instruct: { text: "Settle it this month and report weekly." },
    supervise: { note: "Listed for supervision: report every Friday.", dueAt: "2026-11-30T16:00:00+08:00" },
    "flag-joint-handling": { note: "Needs hrss, sasac and the medical insurance fund." },
    hearing: {
      at: "2026-10-21T10:00:00+08:00",
      participants: ["人大代表", "律师", "职工代表"],
      outcome: "Both sides heard; arrears to be recomputed.",
    },
    rate: { rating: "basically_satisfied" },
    "link-repeat": { caseId: ID },
  },
  newMeeting: {
    title: "2026年第四季度联席会议",
    scheduledAt: "2026-11-20T10:00:00+08:00",
    members: ["hrss", "sasac", "gov"],
  },
  meetingDecision: {
    caseId: ID,
    lead: "sasac",
    cohandlers: ["hrss"],
    handleDays: 20,
    note: "SOE restructuring: sasac leads with hrss.",
  },
  sanction: {
    agency: "hrss",
    kind: "summons",
    reason: "Left a collective petition unacknowledged past its deadline.",
  },
  closeMeeting: { present: ["hrss", "sasac", "gov"] },
  webhook: { url: "https://hooks.hrss.example.gov.cn/casebridge", secret: "a-long-random-signing-secret" },
  open311Client: { name: "随手拍 county app", ratePerMinute: 60 },
};

const clock = {
  name: "acknowledge",
  owner: "hrss",
  startedAt: AT,
  dueAt: "2026-10-15T15:59:59.999Z",
  state: "running",
  length: 15,
  unit: "calendar",
  pausedMs: 0,
};

export const caseExample = {
  id: ID,
  code: "XF20260930-6C7D8E9",
  status: "transferred",
  channel: "visit",
  receivedAt: "2026-09-29T17:30:00.000Z",
  category: "labor-social-security",
  region: "industrial-park",
  title: "轴承厂退休职工养老金",
  description: "县轴承厂32名职工反映改制后养老保险和医疗保险未接续。",
  petitioner: { name: "王**", idNumber: "4101**********1234", phone: "138****1234", address: "示例县***" },
  headcount: 32,
  collective: true,
  leadAgency: "hrss",
  cohandlers: ["sasac"],
  clocks: [
    clock,
    { ...clock, name: "object", dueAt: "2026-10-13T15:59:59.999Z", length: 5, unit: "working" },
  ],
  escalation: { level: 0, supervised: false },
  hearings: [],
  repeatCandidates: [],
  allowedActions: ["note"],
  version: 3,
  createdAt: AT,
  updatedAt: "2026-09-30T02:00:05.000Z",
};

export const eventExample = {
  caseId: ID,
  seq: 3,
  type: "transferred",
  at: "2026-09-30T02:00:05.000Z",
  actor: "system:router",
  agency: "system",
  role: "system",
  data: {
    handoffId: "01KAH3Q7A0B1C2D3E4F5G6H7J8",
    lead: "hrss",
    cohandlers: ["sasac"],
    status: "transferred",
  },
  prevHash: "9f2c1b7e4d3a",
  hash: "4be07a61c2d9",
};

export const accessRecordExample = {
  id: "01KAH4B2C3D4E5F6G7H8J9K0M1",
  caseId: ID,
  at: "2026-09-30T03:12:00.000Z",
  actor: "handler@hrss",
  agency: "hrss",
  roles: ["handler"],
  view: "petitioner_full",
};

export const noticeExample = {
  id: "acceptance-3",
  caseId: ID,
  kind: "acceptance",
  createdAt: "2026-09-30T03:12:00.000Z",
  sha256: "3f0a1c5e9b7d2a4c6e8f0b1d3a5c7e9f1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a",
  bytes: 48213,
  forSeq: 3,
};

export const newAttachmentExample = {
  filename: "工资条-2026年8月.pdf",
  contentType: "application/pdf",
  size: 182044,
  sha256: "9f2c4b7e0d1a3c5e7f9b1d3a5c7e9f1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a2c",
};

export const attachmentExample = {
  id: "01KAH4D7E8F9G0H1J2K3M4N5P6",
  caseId: ID,
  ...newAttachmentExample,
  state: "stored",
  createdAt: "2026-09-30T03:20:00.000Z",
  createdBy: "intake@bureau",
  agency: "bureau",
  stored: { size: 182044, sha256: newAttachmentExample.sha256, at: "2026-09-30T03:21:00.000Z" },
};

export const meetingExample = {
  id: MEETING_ID,
  title: "2026年第四季度联席会议",
  scheduledAt: "2026-11-20T02:00:00.000Z",
  status: "open",
  chair: "coordinator@bureau",
  members: ["hrss", "sasac", "gov"],
  present: [],
  agenda: [
    {
      caseId: ID,
      code: "XF20260930-6C7D8E9",
      category: "labor-social-security",
      reason: "escalated",
      addedAt: "2026-10-30T16:00:01.000Z",
    },
  ],
  sanctions: [],
  version: 2,
  createdAt: "2026-10-20T02:00:00.000Z",
};

export const notificationExample = {
  id: "01KAH3Q7A0B1C2D3E4F5G6H7J9",
  type: "handoff",
  caseId: ID,
  agency: "hrss",
  roles: ["handler", "agency_head"],
  level: 0,
  at: "2026-09-30T02:00:05.000Z",
  read: false,
};

export const agencyExample = {
  id: "hrss",
  name: "Human Resources and Social Security Bureau",
  nameZh: "人社局",
  superior: "gov",
  level: "county",
};
export const categoryExample = {
  id: "soe-restructuring",
  name: "SOE restructuring",
  nameZh: "国企改制",
  defaultLead: "sasac",
  defaultCohandlers: ["hrss"],
};

export const problemExamples = {
  400: {
    type: "urn:casebridge:problem:validation",
    title: "Bad request",
    status: 400,
    detail: "headcount: Too small: expected number to be >=1",
    instance: "/v1/cases",
    issues: [{ path: "headcount", message: "Too small: expected number to be >=1" }],
  },
  401: {
    type: "urn:casebridge:problem:unauthorized",
    title: "Unauthorized",
    status: 401,
    detail: "Send Authorization: Bearer <token>.",
    instance: "/v1/cases",
  },
  403: {
    type: "urn:casebridge:problem:forbidden",
    title: "Forbidden",
    status: 403,
    detail: "Your roles (auditor) at bureau may not take the action cases.register.",
    instance: "/v1/cases",
    action: "cases.register",
  },
  404: {
    type: "urn:casebridge:problem:not-found",
    title: "Not found",
    status: 404,
    detail: `No case ${ID}.`,
    instance: `/v1/cases/${ID}`,
  },
  409: {
    type: "urn:casebridge:problem:conflict",
    title: "Conflict",
    status: 409,
    detail: 'A case in status "closed" does not accept "reply".',
    instance: `/v1/cases/${ID}/reply`,
    caseStatus: "closed",
    command: "reply",
  },
  412: {
    type: "urn:casebridge:problem:precondition-failed",
    title: "Precondition failed",
    status: 412,
    detail: "The case is at version 4, not 3.",
    instance: `/v1/cases/${ID}/acknowledge`,
    currentVersion: 4,
  },
  413: {
    type: "urn:casebridge:problem:payload-too-large",
    title: "Payload too large",
    status: 413,
    detail: "Bodies are limited to 65536 bytes.",
    instance: "/v1/cases",
  },
  415: {
    type: "urn:casebridge:problem:unsupported-media-type",
    title: "Unsupported media type",
    status: 415,
    detail: "Send the body as application/json.",
    instance: "/v1/cases",
  },
  422: {
    type: "urn:casebridge:problem:rule-violation",
    title: "Unprocessable content",
    status: 422,
    detail: "An extension is 1 to 30 days (信访工作条例 Art. 34).",
    instance: `/v1/cases/${ID}/request-extension`,
    rule: "extension-max-30-days",
  },
  428: {
    type: "urn:casebridge:problem:precondition-required",
    title: "Precondition required",
    status: 428,
    detail: 'Send If-Match with the version last read (its ETag, e.g. "3").',
    instance: "/v1/routing-rules",
  },
  429: { message: "Too Many Requests" },
  500: {
    type: "urn:casebridge:problem:internal",
    title: "Internal error",
    status: 500,
    detail: "Internal error; reference 01KAH5Z9Y8X7W6V5T4S3R2Q1P0.",
    instance: "/v1/cases",
    errorId: "01KAH5Z9Y8X7W6V5T4S3R2Q1P0",
  },
  503: {
    type: "urn:casebridge:problem:unavailable",
    title: "Service unavailable",
    status: 503,
    detail: "The reveal could not be recorded, so nothing was revealed; try again.",
    instance: `/v1/cases/${ID}`,
  },
} as const;

// ---- routing rules (docs/jurisdiction.md) ---------------------------------------------

export const routingRulesExample = {
  version: 3,
  rules: [
    { category: "labor-social-security", region: "*", lead: "hrss", cohandlers: [] },
    { category: "soe-restructuring", region: "*", lead: "sasac", cohandlers: ["hrss"] },
    { category: "soe-restructuring", region: "industrial-park", lead: "hrss", cohandlers: ["sasac"] },
  ],
};

/** A body for PUT /v1/routing-rules: the whole rule set, as GET answers it, without the version. */
export const routingRulesBody = { rules: routingRulesExample.rules };

export const routingRulesInvalid = {
  type: "urn:casebridge:problem:rule-violation",
  title: "Unprocessable content",
  status: 422,
  detail:
    'The routing rules break a rule: rules.2.cohandlers.0: "hrss" leads this rule; it cannot also co-handle.',
  instance: "/v1/routing-rules",
  rule: "routing-rules",
  issues: [
    {
      path: "rules.2.cohandlers.0",
      rule: "cohandler-not-lead",
      message: '"hrss" leads this rule; it cannot also co-handle.',
    },
  ],
};

export const routingRulesEventExample = {
  seq: 4,
  type: "routing-rules.changed",
  at: AT,
  actor: "coordinator@bureau",
  agency: "bureau",
  role: "coordinator",
  data: {
    versionBefore: 2,
    versionAfter: 3,
    added: [
      { category: "soe-restructuring", region: "industrial-park", lead: "hrss", cohandlers: ["sasac"] },
    ],
    removed: [],
    changed: [
      {
        category: "labor-social-security",
        region: "*",
        before: { lead: "hrss", cohandlers: ["sasac"] },
        after: { lead: "hrss", cohandlers: [] },
      },
    ],
  },
  prevHash: "9f2c1b7e4d3a",
  hash: "4be07a61c2d9",
};
