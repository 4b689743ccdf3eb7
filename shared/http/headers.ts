// Response headers: hono's secure headers on every answer, a Content-Security-Policy that
// allows nothing on API answers and only this origin plus per-response nonces on the HTML
// pages, and no-store where an answer must not be kept.
import type { MiddlewareHandler } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";

/**
 * Everything the app answers, errors and 404s included. `overwrite: false` keeps the
 * page policies below, which the page routes set further in.
 */
export const baseHeaders = secureHeaders({
  xFrameOptions: "DENY",
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  overwrite: false,
});

/** What both HTML pages allow: nothing from another origin, no framing, no <base>, no forms. */
const PAGE_POLICY = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/** The landing page: no script at all, its one style element by nonce, its icon inline. */
export const landingHeaders = secureHeaders({
  xFrameOptions: "DENY",
  contentSecurityPolicy: { ...PAGE_POLICY, styleSrc: [NONCE], imgSrc: ["data:"] },
});

/** /docs: scripts only by nonce; images, the document and try-it calls from this origin. */
export const docsHeaders = secureHeaders({
  xFrameOptions: "DENY",
  contentSecurityPolicy: {
    ...PAGE_POLICY,
    scriptSrc: [NONCE],
    // Scalar (Vue) adds <style> elements without a nonce and renders style attributes, and
    // a nonce in style-src would switch 'unsafe-inline' off. Styles run no script, and
    // with default-src 'none' no CSS url() can reach another origin.
    styleSrc: ["'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
  },
});

/**
 * Never kept by any cache: a /v1 answer (success or problem) is one caller's view of live
 * cases, and a page's nonce is good for that one answer only.
 */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
};
