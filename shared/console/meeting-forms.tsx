// The joint meeting's forms — convene a meeting, record a decision on an agenda item, record
// a sanction, close the meeting — each with the fields of its API body (shared/http/meetings.ts),
// which checks it as it checks the API's, and the officer's entry kept when it comes back.
import { BUREAU } from "../domain/access.js";
import { SANCTION_KINDS, type Meeting } from "../domain/meetings.js";
import type { Reference } from "../domain/routing.js";
import { CSRF_FIELD } from "./csrf.js";
import { Field, type Entry, type FieldErrors, type LabelledSpec } from "./fields.js";
import type { Catalogue } from "./i18n/zh.js";
import { agencyName, type Lang } from "./language.js";

export type MeetingFormName = "convene" | "decision" | "sanction" | "close";

/** The hidden field naming the agenda item a decision is about. */
export const CASE_FIELD = "caseId";

/** What the officer sent with one of these forms, and what was wrong with it. */
export interface MeetingEntry {
  form: MeetingFormName;
  /** The agenda item's case, for a decision. */
  caseId?: string;
  entry: Entry;
  errors: FieldErrors;
}

export interface MeetingFormSource {
  t: Catalogue;
  lang: Lang;
  reference: Reference;
}

/** Agencies a meeting names: every one of the jurisdiction's but the bureau itself (and those left out). */
function agencyOptions({ reference, lang }: MeetingFormSource, leaveOut: readonly string[] = []) {
  return [...reference.agencies.keys()]
    .filter((a) => a !== BUREAU && !leaveOut.includes(a))
    .map((a) => ({ value: a, label: agencyName(reference, a, lang) }));
}

export function conveneFields(source: MeetingFormSource): LabelledSpec[] {
  const l = source.t.meetings.convene;
  return [
    { name: "title", kind: "text", required: true, label: l.title, autocomplete: "off" },
    { name: "scheduledAt", kind: "datetime", required: true, convert: "instant", label: l.date },
    {
      name: "members",
      kind: "multiselect",
      required: true,
      options: agencyOptions(source),
      label: l.members,
    },
  ];
}

/** A decision names the lead: never the agency the petition complains about. */
export function decisionFields(source: MeetingFormSource, respondent?: string): LabelledSpec[] {
  const l = source.t.meetings.decision;
  const agencies = agencyOptions(source, respondent ? [respondent] : []);
  return [
    { name: "lead", kind: "select", required: true, options: agencies, label: l.lead },
    { name: "cohandlers", kind: "multiselect", options: agencies, label: l.cohandlers },
    { name: "handleDays", kind: "number", convert: "number", label: l.handleDays },
    { name: "leader", kind: "text", autocomplete: "off", label: l.leader },
    { name: "note", kind: "textarea", required: true, label: l.note },
  ];
}

export function sanctionFields(source: MeetingFormSource): LabelledSpec[] {
  const l = source.t.meetings.sanction;
  return [
    { name: "agency", kind: "select", required: true, options: agencyOptions(source), label: l.agency },
    {
      name: "kind",
      kind: "select",
      required: true,
      options: SANCTION_KINDS.map((k) => ({ value: k, label: l.kinds[k] })),
      label: l.kind,
    },
    { name: "reason", kind: "textarea", required: true, label: l.reason },
  ];
}

/** Present: the bureau and the meeting's members. */
export function closeFields(source: MeetingFormSource, meeting: Meeting): LabelledSpec[] {
  const { reference, lang } = source;
  return [
    {
      name: "present",
      kind: "multiselect",
      options: [BUREAU, ...meeting.members.filter((m) => m !== BUREAU)].map((a) => ({
        value: a,
        label: agencyName(reference, a, lang),
      })),
      label: source.t.meetings.close.present,
    },
  ];
}

export function MeetingForm(props: {
  action: string;
  heading: string;
  /** The form's heading stands outside it (a section's h2 of the same name): the form is labelled by it. */
  headingOutside?: boolean;
  /** Unique on the page: the form's ids start with it. */
  id: string;
  specs: LabelledSpec[];
  submit: string;
  csrf: string;
  t: Catalogue;
  hidden?: Record<string, string>;
  kept?: MeetingEntry | undefined;
}) {
  const { kept } = props;
  return (
    <form
      method="post"
      action={props.action}
      aria-labelledby={`${props.id}-heading`}
      class={kept ? "active" : undefined}
      novalidate
    >
      {!props.headingOutside && <h3 id={`${props.id}-heading`}>{props.heading}</h3>}
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {props.specs.map((spec) => (
        <Field
          spec={spec}
          t={props.t}
          idPrefix={props.id}
          value={kept?.entry[spec.name]}
          error={kept?.errors[spec.name]}
        />
      ))}
      <button type="submit">{props.submit}</button>
    </form>
  );
}
