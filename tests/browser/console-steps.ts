// Steps in the console as a person takes them in Chromium: controls found by their accessible
// names (role + name, label), in English (`?lang=en`), the names of issue 10. The browser
// tests, the accessibility checks and `npm run screenshots` walk the console through these.
import type { BrowserContext, Page } from "playwright-core";
import type { Identity } from "../../shared/domain/access.js";

export type Person = Pick<Identity, "agency" | "roles">;

/** Signs `page` in as `who` through the local sign-in page, and leaves it on the inbox. */
export async function signIn(page: Page, base: string, who: Person): Promise<void> {
  // Sessions live in the context's cookies: whoever was signed in is gone.
  await page.context().clearCookies();
  await page.goto(`${base}/console/sign-in?lang=en`);
  await page.getByLabel("Agency").selectOption(who.agency);
  await page.getByLabel("Role").selectOption(who.roles[0]!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
}

/** A new page, signed in as `who`, on the inbox in English. */
export async function signedIn(context: BrowserContext, base: string, who: Person): Promise<Page> {
  const page = await context.newPage();
  await signIn(page, base, who);
  return page;
}

export interface Petition {
  title: string;
  description: string;
  channel?: string;
  category?: string;
  region?: string;
  petitioner?: { name: string; idNumber?: string; phone?: string; address?: string };
  headcount?: number;
  respondent?: string;
}

/** Fills in `New petition` and sends it; the case code the new page is headed with. */
export async function registerPetition(page: Page, petition: Petition): Promise<string> {
  await page.getByRole("link", { name: "New petition" }).click();
  await page.getByRole("heading", { name: "New petition", level: 1 }).waitFor();
  await page.getByLabel("Channel").selectOption(petition.channel ?? "visit");
  await page.getByLabel("Category").selectOption(petition.category ?? "labor-social-security");
  await page.getByLabel("Region").selectOption(petition.region ?? "industrial-park");
  await page.getByLabel("Title").fill(petition.title);
  await page.getByLabel("Description").fill(petition.description);
  const who = petition.petitioner ?? { name: "王建国", idNumber: "410102197001011234", phone: "13800001234" };
  await page.getByLabel("Petitioner name").fill(who.name);
  if (who.idNumber) await page.getByLabel("ID number").fill(who.idNumber);
  if (who.phone) await page.getByLabel("Phone").fill(who.phone);
  if (who.address) await page.getByLabel("Address").fill(who.address);
  if (petition.headcount !== undefined) await page.getByLabel("Headcount").fill(String(petition.headcount));
  if (petition.respondent) await page.getByLabel("Respondent agency").selectOption(petition.respondent);
  await page.getByRole("button", { name: "Register" }).click();
  await page.getByRole("status").filter({ hasText: "Done: Register" }).waitFor();
  return (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
}

/** The form of one command on a case page, found by its heading (the command's name). */
export const commandForm = (page: Page, name: string) => page.getByRole("form", { name, exact: true });

/** Sends a command's form as it stands and waits for the case to say it was done. */
export async function issue(
  page: Page,
  name: string,
  fill: (form: ReturnType<typeof commandForm>) => Promise<void> = async () => undefined,
) {
  const form = commandForm(page, name);
  await fill(form);
  await form.getByRole("button", { name, exact: true }).click();
  await page
    .getByRole("status")
    .filter({ hasText: `Done: ${name}` })
    .waitFor();
}

/** Opens a case from the inbox by its code. */
export async function openFromInbox(page: Page, base: string, code: string): Promise<void> {
  await page.goto(`${base}/console?lang=en`);
  await page.getByRole("link", { name: code, exact: true }).click();
  await page.getByRole("heading", { name: code, level: 1 }).waitFor();
}

/** The local runtime's /dev routes, through the same server: the clock and a tick. */
export async function advanceClock(page: Page, base: string, duration: string): Promise<void> {
  const moved = await page.request.post(`${base}/dev/clock`, { data: { advance: duration } });
  if (!moved.ok()) throw new Error(`POST /dev/clock: HTTP ${moved.status()} ${await moved.text()}`);
  await tick(page, base);
}

/** Every schedule once at the clock's now, the queues drained (routing goes over SQS). */
export async function tick(page: Page, base: string): Promise<void> {
  const ticked = await page.request.post(`${base}/dev/tick`, { data: {} });
  if (!ticked.ok()) throw new Error(`POST /dev/tick: HTTP ${ticked.status()} ${await ticked.text()}`);
}

/** A case page's fact by its term (`Status`, `Lead agency`): the text of the first such entry. */
export async function factOf(page: Page, term: string): Promise<string> {
  const dd = page.locator(`xpath=//dl/dt[normalize-space()="${term}"]/following-sibling::dd[1]`).first();
  return ((await dd.textContent()) ?? "").trim();
}
