// Which language a page is in: Simplified Chinese unless the person chose English with
// `?lang=en` (or back with `?lang=zh`), a choice kept in a cookie. Also the names of the
// jurisdiction's agencies and categories in that language, from its reference data, and of
// its regions, from the catalogue (the reference data holds only their ids).
import type { MiddlewareHandler } from "hono";
import type { Reference } from "../domain/routing.js";
import type { ConsoleCookies } from "./cookies.js";
import type { ConsoleEnv } from "./env.js";
import { en } from "./i18n/en.js";
import { zh, type Catalogue } from "./i18n/zh.js";

export const LANGS = ["zh", "en"] as const;
export type Lang = (typeof LANGS)[number];

export const catalogues: Record<Lang, Catalogue> = { zh, en };

const isLang = (v: string | undefined): v is Lang => (LANGS as readonly string[]).includes(v ?? "");

/** A year: the choice outlives a session, as a person's language does. */
const LANG_COOKIE_SECONDS = 365 * 24 * 60 * 60;

export function chooseLanguage(cookies: ConsoleCookies): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const asked = c.req.query("lang");
    let lang: Lang = "zh";
    if (isLang(asked)) {
      lang = asked;
      cookies.write(c, "lang", lang, LANG_COOKIE_SECONDS);
    } else {
      const kept = cookies.read(c, "lang");
      if (isLang(kept)) lang = kept;
    }
    c.set("lang", lang);
    c.set("t", catalogues[lang]);
    await next();
  };
}

/** An agency's name in the page's language; its id when the jurisdiction does not know it. */
export function agencyName(reference: Reference, id: string | undefined, lang: Lang): string {
  if (!id) return "";
  const agency = reference.agencies.get(id);
  if (!agency) return id;
  return lang === "zh" ? agency.nameZh : agency.name;
}

export function categoryName(reference: Reference, id: string, lang: Lang): string {
  const category = reference.categories.get(id);
  if (!category) return id;
  return lang === "zh" ? category.nameZh : category.name;
}

/** A region's name from the catalogue; its id when the catalogue does not name it. */
export function regionName(t: Catalogue, id: string): string {
  return t.regionNames[id] ?? id;
}
