// Every console page worth looking at, each as a person reaches it: who is signed in, the
// address, and for the answers to a POST (a form with errors, a revealed identity) the
// button pressed — named from the catalogue of the page's language. The accessibility
// checks and `npm run screenshots` go through this one list.
import type { Page } from "playwright-core";
import type { Catalogue } from "../../shared/console/i18n/zh.js";
import { catalogues, type Lang } from "../../shared/console/language.js";
import { auditor, coordinator, hrssHandler, hrssHead, intake, who } from "../support/people.js";
import type { DemoCases } from "./console-demo.js";
import { signIn, type Person } from "./console-steps.js";

export interface ConsolePage {
  /** A short name: the screenshot's file name. */
  id: string;
  /** Who is signed in; nobody on the sign-in page. */
  who?: Person;
  /** The address, under the console's origin, of one of the demo's cases or of a page. */
  path(demo: DemoCases): string;
  /** The status the address answers with, before anything is done there: 200 unless said. */
  status?: number;
  /** What is done there before looking, in the page's language. */
  act?(page: Page, t: Catalogue, demo: DemoCases, lang: Lang): Promise<void>;
}

const cases = (id: string) => `/console/cases/${id}`;

/** Submits the form whose button has this name, and waits for the answer. */
async function press(page: Page, name: string) {
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole("button", { name, exact: true }).first().click(),
  ]);
}

export const CONSOLE_PAGES: readonly ConsolePage[] = [
  { id: "sign-in", path: () => "/console/sign-in" },
  { id: "inbox", who: hrssHandler, path: () => "/console" },
  { id: "inbox-filtered", who: hrssHandler, path: () => "/console?overdue=true&channel=visit" },
  { id: "inbox-bureau", who: coordinator, path: () => "/console" },
  { id: "new-petition", who: intake, path: () => "/console/register" },
  {
    id: "new-petition-errors",
    who: intake,
    path: () => "/console/register",
    act: async (page, t) => {
      await page.getByLabel(t.fields["petitioner.idNumber"]).fill("12345");
      await press(page, t.register.submit);
    },
  },
  { id: "case-registered", who: intake, path: (d) => cases(d.registered) },
  { id: "case-overdue", who: hrssHandler, path: (d) => cases(d.overdue) },
  { id: "case-due-soon", who: hrssHandler, path: (d) => cases(d.dueSoon) },
  { id: "case-extension", who: hrssHead, path: (d) => cases(d.accepted) },
  { id: "case-paused", who: hrssHandler, path: (d) => cases(d.paused) },
  { id: "case-replied", who: coordinator, path: (d) => cases(d.replied) },
  { id: "case-disputed", who: coordinator, path: (d) => cases(d.disputed) },
  { id: "case-closed", who: intake, path: (d) => cases(d.closed) },
  {
    id: "case-form-errors",
    who: hrssHandler,
    path: (d) => cases(d.overdue),
    act: (page, t) => press(page, t.commands.note),
  },
  {
    id: "case-identity",
    who: hrssHandler,
    path: (d) => cases(d.accepted),
    act: (page, t) => press(page, t.case.showIdentity),
  },
  { id: "access-log", who: auditor, path: (d) => `${cases(d.accepted)}/access-log` },
  { id: "notifications", who: hrssHandler, path: () => "/console/notifications" },
  { id: "not-found", who: hrssHandler, path: (d) => cases(d.disputed), status: 404 },
  {
    id: "inbox-view-saved",
    who: hrssHandler,
    path: () => "/console?overdue=true",
    act: async (page, t) => {
      await page.getByLabel(t.views.name, { exact: true }).fill(t.inbox.overdueOnly);
      await press(page, t.views.save);
      await page.getByText(t.views.saved).waitFor({ timeout: 2_000 });
    },
  },
  {
    id: "route-selected",
    who: coordinator,
    path: () => "/console?status=registered",
    // One registered case of its own per language: the other language's run finds its own.
    act: async (page, t, demo, lang) => {
      await page.locator(`#select-${demo.toRoute[lang]}`).check();
      await press(page, t.bulkRoute.submit);
      await page.getByRole("heading", { name: t.bulkRoute.heading }).waitFor({ timeout: 2_000 });
      await page.getByText(t.bulkRoute.summary(1, 0)).waitFor({ timeout: 2_000 });
    },
  },
  { id: "escalations", who: coordinator, path: () => "/console/escalations" },
  { id: "meetings", who: coordinator, path: () => "/console/meetings" },
  { id: "meeting", who: coordinator, path: (d) => `/console/meetings/${d.meeting}` },
  { id: "meeting-member", who: who("hrss", "meeting_member"), path: (d) => `/console/meetings/${d.meeting}` },
  { id: "statistics", who: coordinator, path: () => "/console/statistics" },
];

/** The page's address in a language: `?lang=` sets it (and the cookie keeps it). */
export function inLanguage(path: string, lang: Lang): string {
  return `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
}

/** Brings `page` to the console page in `lang`, signing in first when someone else is. */
export async function visit(
  page: Page,
  base: string,
  demo: DemoCases,
  spec: ConsolePage,
  lang: Lang,
  current: { who?: Person | undefined },
): Promise<void> {
  if (spec.who !== current.who) {
    if (spec.who) await signIn(page, base, spec.who);
    else await page.context().clearCookies();
    current.who = spec.who;
  }
  const address = inLanguage(spec.path(demo), lang);
  const res = await page.goto(`${base}${address}`);
  const expected = spec.status ?? 200;
  if (res?.status() !== expected)
    throw new Error(`${spec.id}: ${address} answered ${res?.status()}, not ${expected}`);
  await spec.act?.(page, catalogues[lang], demo, lang);
}
