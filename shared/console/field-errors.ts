// The API's zod schemas say what is wrong with a form in English for developers; officers
// read it from the catalogue, beside the field it concerns. One message per field: the
// first issue the schema found there.
import type * as z from "zod";
import type { FieldErrors } from "./fields.js";
import type { Catalogue } from "./i18n/zh.js";

type Issue = z.core.$ZodIssue;

/** A slug (agency, category, region) comes from a list in the form: a wrong one is a wrong choice. */
const CHOSEN = /^(category|region|to|agency|cohandlers|respondent\.agency)$/;

function messageOf(issue: Issue, field: string, t: Catalogue["fieldErrors"]): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "number" ? t.wholeNumber : t.invalid;
    case "too_small":
      if (issue.origin === "number" || issue.origin === "int") return t.atLeast(Number(issue.minimum));
      return t.required;
    case "too_big":
      if (issue.origin === "string") return t.tooLong(Number(issue.maximum));
      if (issue.origin === "array") return t.tooMany(Number(issue.maximum));
      return t.atMost(Number(issue.maximum));
    case "invalid_value":
      return t.choose;
    case "invalid_format":
      if (issue.format === "datetime") return t.dateTime;
      if (field === "petitioner.idNumber") return t.idNumber;
      if (field === "petitioner.phone") return t.phone;
      if (field === "caseId") return t.caseId;
      if (field === "leader") return t.userId;
      return CHOSEN.test(field) ? t.choose : t.invalid;
    case "custom":
      if (/blank/.test(issue.message)) return t.required;
      if (/years/.test(issue.message)) return t.dateTime;
      return t.text;
    default:
      return t.invalid;
  }
}

/** Whether the body the schema checked has anything at this path. */
function given(body: Record<string, unknown>, path: readonly PropertyKey[]): boolean {
  let at: unknown = body;
  for (const key of path) at = (at as Record<PropertyKey, unknown> | undefined)?.[key];
  return at !== undefined;
}

/**
 * Each field's first problem, keyed by the field's dotted name (list positions dropped): a
 * field left empty is required, whatever the schema found missing there.
 */
export function fieldErrorsOf(
  issues: readonly Issue[],
  body: Record<string, unknown>,
  t: Catalogue["fieldErrors"],
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.filter((p) => typeof p === "string").join(".");
    errors[field] ??= given(body, issue.path) ? messageOf(issue, field, t) : t.required;
  }
  return errors;
}
