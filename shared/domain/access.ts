// Who sees which case and which petitioner data (DESIGN §3). The bureau sees every
// case; an agency sees a case while it is or was lead, co-handler or reviewer; the
// respondent agency never sees it (信访工作条例 Art. 30, 46).
import type { Actor, Case, Petitioner, Role } from "./model.js";

export const BUREAU = "bureau";

export interface Identity extends Actor {
  roles: readonly Role[];
}

export const isBureau = (who: Actor): boolean => who.agency === BUREAU;

export function canSeeCase(c: Case, who: Identity): boolean {
  if (c.respondent?.agency && c.respondent.agency === who.agency) return false;
  if (isBureau(who)) return true;
  if (c.leader && c.leader === who.sub && who.roles.includes("leader")) return true;
  return c.involved.includes(who.agency);
}

/** The bureau and the agencies handling the case now see the petitioner in full. */
export function seesPetitionerInFull(c: Case, who: Identity): boolean {
  if (isBureau(who)) return true;
  const reviewing = (c.status === "review_requested" && c.reviewer === who.agency) || (c.status === "re_review_requested" && c.reReviewer === who.agency);
  return reviewing || c.leadAgency === who.agency || c.cohandlers.includes(who.agency);
}

const keepFirst = (s: string, n: number) => [...s].slice(0, n).join("");
const keepLast = (s: string, n: number) => [...s].slice(-n).join("");
const stars = (n: number) => "*".repeat(Math.max(0, n));

export function maskPetitioner(p: Petitioner): Petitioner {
  const name = [...p.name];
  const masked: Petitioner = { name: keepFirst(p.name, 1) + stars(name.length - 1) };
  if (p.idNumber) masked.idNumber = keepFirst(p.idNumber, 4) + stars([...p.idNumber].length - 8) + keepLast(p.idNumber, 4);
  if (p.phone) masked.phone = keepFirst(p.phone, 3) + stars([...p.phone].length - 7) + keepLast(p.phone, 4);
  if (p.address) masked.address = keepFirst(p.address, 3) + "***";
  return masked;
}
