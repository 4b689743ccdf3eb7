// Examples of the calendar and thresholds bodies and replies, for the OpenAPI document and
// the contract test (every example must conform to its schema).
import { defaultThresholds } from "../domain/thresholds.js";

export const calendarYearBodyExample = {
  source: "国务院办公厅关于2027年部分节假日安排的通知 (General Office of the State Council, 2026-11-12)",
  holidays: [
    { name: "元旦 New Year's Day", from: "2027-01-01", to: "2027-01-03" },
    { name: "春节 Spring Festival", from: "2027-02-05", to: "2027-02-13" },
  ],
  makeUpWorkdays: [{ date: "2027-02-14", for: "春节 Spring Festival" }],
};

export const calendarExample = {
  version: 1,
  years: [
    {
      year: 2026,
      origin: "shipped",
      source: "国务院办公厅关于2026年部分节假日安排的通知 (General Office of the State Council, 2025-11-04)",
      holidays: [{ name: "春节 Spring Festival", from: "2026-02-15", to: "2026-02-23" }],
      makeUpWorkdays: [{ date: "2026-02-14", for: "春节 Spring Festival" }],
    },
    {
      year: 2027,
      origin: "stored",
      ...calendarYearBodyExample,
      updatedAt: "2026-11-20T02:00:00.000Z",
      updatedBy: "coordinator@bureau",
    },
  ],
};

export const thresholdsBodyExample = {
  escalation: { ...defaultThresholds.escalation, listedSupervisionAfterDays: 5 },
  hotspot: defaultThresholds.hotspot,
};

export const thresholdsExample = {
  version: 1,
  ...thresholdsBodyExample,
  updatedAt: "2026-11-20T02:00:00.000Z",
  updatedBy: "coordinator@bureau",
};

export const fieldRuleExample = {
  type: "urn:casebridge:problem:rule-violation",
  title: "Unprocessable content",
  status: 422,
  detail: "holidays.1.from: Overlaps holiday 0 (2027-01-01–2027-01-03).",
  instance: "/v1/calendars/2027",
  rule: "calendar-year",
  issues: [
    {
      path: "holidays.1.from",
      rule: "calendar-year",
      message: "Overlaps holiday 0 (2027-01-01–2027-01-03).",
    },
  ],
};

const trailEvent = {
  at: "2026-11-20T02:00:00.000Z",
  actor: "coordinator@bureau",
  agency: "bureau",
  role: "coordinator",
  prevHash: "4d1c8a0e9f7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d",
  hash: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
};

/** One event of each history, as the trail holds them. */
export const historyExamples = {
  calendar: {
    seq: 4,
    type: "calendar.year-set",
    ...trailEvent,
    data: {
      year: 2027,
      versionBefore: 0,
      versionAfter: 1,
      replaced: "none",
      source: calendarYearBodyExample.source,
      holidays: { added: ["元旦 New Year's Day 2027-01-01–2027-01-03"], removed: [] },
      makeUpWorkdays: { added: ["2027-02-14 (春节 Spring Festival)"], removed: [] },
    },
  },
  thresholds: {
    seq: 5,
    type: "thresholds.changed",
    ...trailEvent,
    data: {
      versionBefore: 0,
      versionAfter: 1,
      changes: [{ field: "escalation.listedSupervisionAfterDays", from: 7, to: 5 }],
    },
  },
};
