// Driving the console as a browser would, without one: a cookie jar over `app.request`,
// forms posted with the page's own CSRF token, and small readers of the HTML the console
// writes (its buttons, fields, alerts and title). Browser tests in Chromium are in tests/browser/.
import type { Identity } from "../../shared/domain/access.js";
import type { TestStack } from "./factories.js";

/** The console's origin as `app.request` sees it. */
export const ORIGIN = "http://localhost";

export interface Page {
  status: number;
  headers: Headers;
  html: string;
  /** Where a redirect pointed, if it was one. */
  location: string | null;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** Text content of a fragment: tags dropped, entities decoded, spaces collapsed. */
export const textOf = (fragment: string) =>
  decode(fragment.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();

/** The names of every button on the page, in order. */
export const buttonsOf = (html: string) =>
  [...html.matchAll(/<button[^>]*>([\s\S]*?)<\/button>/g)].map((m) => textOf(m[1]!));

export const titleOf = (html: string) => textOf(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? "");

/** The texts of every element with role="alert". */
export const alertsOf = (html: string) =>
  [...html.matchAll(/<(\w+)[^>]*role="alert"[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => textOf(m[2]!));

/** The label texts of the page's form controls. */
export const labelsOf = (html: string) =>
  [...html.matchAll(/<label[^>]*>([\s\S]*?)<\/label>/g)].map((m) => textOf(m[1]!));

/** The value of the first hidden or text input with that name. */
export function inputValue(html: string, name: string): string | undefined {
  const tag = [...html.matchAll(/<input[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`name="${name}"`));
  const value = tag && /value="([^"]*)"/.exec(tag)?.[1];
  return value === undefined ? undefined : decode(value);
}

/** The control a label names (by its `for`), as its opening tag through its end. */
export function controlOf(html: string, label: string): string | undefined {
  const forId = [...html.matchAll(/<label for="([^"]+)"[^>]*>([\s\S]*?)<\/label>/g)].find(
    (m) => textOf(m[2]!) === label,
  )?.[1];
  if (!forId) return undefined;
  return new RegExp(`<(input|select|textarea)[^>]*id="${forId}"[^>]*(/?>[\\s\\S]*?</\\1>|/?>)`).exec(
    html,
  )?.[0];
}

/** A browser of one: its cookies, and the CSRF token of the last form it saw. */
export class ConsoleBrowser {
  readonly cookies = new Map<string, string>();
  last?: Page;

  /** Any local runtime's app: a test's stack, or the bench's. */
  constructor(private readonly stack: Pick<TestStack, "app">) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = pair!.split("=");
      if (/max-age=0/i.test(line)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join("="));
    }
  }

  async request(
    method: string,
    path: string,
    init: { form?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    let body: string | undefined;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const one of [v].flat()) params.append(k, one);
      body = params.toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    const res = await this.stack.app.request(path, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    this.remember(res);
    const page: Page = {
      status: res.status,
      headers: res.headers,
      html: await res.text(),
      location: res.headers.get("location"),
    };
    this.last = page;
    return page;
  }

  get(path: string) {
    return this.request("GET", path);
  }

  /** Follows one redirect, as a browser does after a POST (303 → GET). */
  async follow(page: Page): Promise<Page> {
    if (page.status < 300 || page.status >= 400 || !page.location) return page;
    return this.get(page.location);
  }

  /** Posts a form carrying the CSRF token of the page last seen (or of `from`). */
  async post(
    path: string,
    form: Record<string, string | string[]>,
    from: Page | undefined = this.last,
  ): Promise<Page> {
    const csrf = from ? inputValue(from.html, "_csrf") : undefined;
    return this.request("POST", path, { form: { ...(csrf ? { _csrf: csrf } : {}), ...form } });
  }

  async signIn(who: Pick<Identity, "agency" | "roles">): Promise<Page> {
    await this.get("/console/sign-in");
    return this.follow(await this.post("/console/sign-in", { agency: who.agency, role: who.roles[0]! }));
  }
}
