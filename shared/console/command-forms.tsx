// One small form per command the caller may issue now, each with only the fields its body
// takes (commandBodies in shared/http/schemas.ts; docs/lifecycle.md says what each does),
// and the case's version, so a form filled in on a case that has moved on is caught
// (If-Match) rather than applied to something the officer did not see.
import { BUREAU } from "../domain/access.js";
import { activeClock } from "../domain/clocks.js";
import { PAUSE_REASONS, type Case } from "../domain/model.js";
import type { Reference } from "../domain/routing.js";
import type { ActionName } from "../http/schemas.js";
import { CSRF_FIELD } from "./csrf.js";
import { Field, type Entry, type FieldErrors, type FieldSpec, type Option } from "./fields.js";
import type { Catalogue } from "./i18n/zh.js";
import { agencyName, type Lang } from "./language.js";
import { paths } from "./paths.js";

/** The hidden field carrying the case version the form was filled in against. */
export const VERSION_FIELD = "_version";

export interface FormSource {
  kase: Case;
  reference: Reference;
  t: Catalogue;
  lang: Lang;
}

const optionsOf = <K extends string>(names: Record<K, string>, keys: readonly K[]): Option[] =>
  keys.map((k) => ({ value: k, label: names[k] }));

/** The fields of a command's form, their choices drawn from the case and the jurisdiction. */
export function commandFields(command: ActionName, { kase, reference, t, lang }: FormSource): FieldSpec[] {
  const agencies = [...reference.agencies.keys()]
    .filter((a) => a !== BUREAU && a !== kase.respondent?.agency)
    .map((a) => ({ value: a, label: agencyName(reference, a, lang) }));
  const reason: FieldSpec = { name: "reason", kind: "textarea", required: true };
  const kinds = optionsOf(t.routeKinds, ["transfer", "assign"]);
  const opinion: FieldSpec[] = [
    {
      name: "decision",
      kind: "select",
      required: true,
      options: optionsOf(t.opinions, ["upheld", "changed"]),
    },
    { name: "text", kind: "textarea", required: true },
  ];
  const clocks = (paused: boolean): FieldSpec => ({
    name: "clock",
    kind: "select",
    emptyOption: t.clockForStatus,
    options: kase.clocks
      .filter((k) => activeClock(kase, k.name) === k && (k.state === "paused") === paused)
      .map((k) => ({ value: k.name, label: t.clockNames[k.name] })),
  });
  switch (command) {
    case "route":
      return [
        { name: "kind", kind: "select", required: true, options: kinds },
        { name: "to", kind: "select", emptyOption: t.byRules, options: agencies },
        { name: "cohandlers", kind: "multiselect", options: agencies },
        { name: "reportBackDays", kind: "number", convert: "number" },
      ];
    case "resolve-dispute":
      return [
        { name: "to", kind: "select", required: true, options: agencies },
        { name: "kind", kind: "select", emptyOption: t.routeKinds.transfer, options: kinds.slice(1) },
      ];
    case "decline":
      return [reason, { name: "basis", kind: "text", required: true }];
    case "object":
    case "request-review":
    case "request-re-review":
      return [reason];
    case "add-cohandler":
      return [{ name: "agency", kind: "select", required: true, options: agencies }];
    case "note":
    case "instruct":
      return [{ name: "text", kind: "textarea", required: true }];
    case "request-extension":
      return [{ name: "days", kind: "number", required: true, convert: "number" }, reason];
    case "approve-extension":
      return [
        {
          name: "approve",
          kind: "select",
          required: true,
          convert: "boolean",
          options: optionsOf(t.approvals, ["true", "false"]),
        },
      ];
    case "pause":
      return [
        clocks(false),
        { name: "reason", kind: "select", required: true, options: optionsOf(t.pauseReasons, PAUSE_REASONS) },
        { name: "note", kind: "textarea" },
      ];
    case "resume":
      return [clocks(true)];
    case "reply":
      return [
        { name: "summary", kind: "text", required: true },
        { name: "text", kind: "textarea", required: true },
      ];
    case "review-opinion":
    case "re-review-opinion":
      return opinion;
    case "assign-leader":
      return [{ name: "leader", kind: "text", required: true, autocomplete: "off" }];
    case "supervise":
      return [
        { name: "note", kind: "textarea", required: true },
        { name: "dueAt", kind: "date", convert: "dayEnd" },
      ];
    case "flag-joint-handling":
      return [{ name: "note", kind: "textarea", required: true }];
    case "hearing":
      return [
        { name: "at", kind: "datetime", required: true, convert: "instant" },
        { name: "participants", kind: "lines", required: true },
        { name: "outcome", kind: "textarea" },
      ];
    case "rate":
      return [
        {
          name: "rating",
          kind: "select",
          required: true,
          options: optionsOf(t.ratings, ["satisfied", "basically_satisfied", "unsatisfied"]),
        },
      ];
    case "link-repeat":
      return kase.repeatCandidates.length
        ? [
            {
              name: "caseId",
              kind: "select",
              required: true,
              options: kase.repeatCandidates.map((id) => ({ value: id, label: id })),
            },
          ]
        : [{ name: "caseId", kind: "text", required: true, autocomplete: "off" }];
    case "acknowledge":
      return [];
  }
}

/** What the officer sent with one command, kept whatever became of it. */
export interface CommandEntry {
  command: ActionName;
  entry: Entry;
  errors: FieldErrors;
}

export function CommandForm(props: {
  command: ActionName;
  source: FormSource;
  csrf: string;
  /** The officer's entry when this form was just sent and came back. */
  kept?: CommandEntry | undefined;
}) {
  const { command, source, csrf, kept } = props;
  const { t, kase } = source;
  const label = t.commands[command];
  return (
    <form
      method="post"
      action={paths.caseCommand(kase.id, command)}
      aria-labelledby={`${command}-heading`}
      class={kept ? "active" : undefined}
      novalidate
    >
      <h3 id={`${command}-heading`}>{label}</h3>
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      <input type="hidden" name={VERSION_FIELD} value={String(kase.version)} />
      {commandFields(command, source).map((spec) => (
        <Field
          spec={spec}
          t={t}
          idPrefix={command}
          value={kept?.entry[spec.name]}
          error={kept?.errors[spec.name]}
        />
      ))}
      <button type="submit">{label}</button>
    </form>
  );
}

/** An entry whose command the case no longer takes: shown to copy, not to send. */
export function KeptEntry({ kept, source }: { kept: CommandEntry; source: FormSource }) {
  const { t } = source;
  const specs = commandFields(kept.command, source);
  return (
    <section class="notice" aria-label={t.case.yourEntry}>
      <h3>
        {t.case.yourEntry}: {t.commands[kept.command]}
      </h3>
      <p>{t.case.noLongerAvailable}</p>
      <dl class="facts">
        {specs
          .filter((s) => kept.entry[s.name] !== undefined)
          .map((s) => {
            const value = kept.entry[s.name]!;
            return (
              <>
                <dt>{t.fields[s.name]}</dt>
                <dd class="pre">{Array.isArray(value) ? value.join("\n") : value}</dd>
              </>
            );
          })}
      </dl>
    </section>
  );
}
