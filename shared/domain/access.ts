// Who the caller is: an identity (user, agency, roles) and the petition bureau's id.
// What a caller may do and see — the rights table, case visibility and petitioner
// masking — lives in ./rights.ts.
import type { Actor, Role } from "./model.js";

export const BUREAU = "bureau";

export interface Identity extends Actor {
  roles: readonly Role[];
}

export const isBureau = (who: Actor): boolean => who.agency === BUREAU;
