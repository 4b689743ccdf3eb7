// Form fields shared by the new-petition form and the command forms: how each is drawn
// (label, hint and error tied to the control, the officer's entry put back), and how a
// submitted form becomes the body the API's own zod schema checks — names are the body's
// dotted paths (`petitioner.name`), so an issue's path finds its field.
import type { Catalogue } from "./i18n/zh.js";
import { dayEndFromLocalInput, instantFromLocalInput } from "./local-time.js";

export interface Option {
  value: string;
  label: string;
}

interface SpecBase {
  kind: "text" | "textarea" | "number" | "select" | "multiselect" | "lines" | "date" | "datetime";
  required?: boolean;
  /** Choices of a select, in the page's language. */
  options?: Option[];
  /** The label of a select's empty choice, when it may be left empty. */
  emptyOption?: string;
  autocomplete?: string;
  /** Across the whole form, for long text. */
  wide?: boolean;
  /** Read as: a whole number, true/false, an instant or the end of a day in the jurisdiction's zone. */
  convert?: "number" | "boolean" | "instant" | "dayEnd";
}

export interface FieldSpec extends SpecBase {
  /** The body's dotted path; also the form field's name and the catalogue's label key. */
  name: keyof Catalogue["fields"];
}

/** A field labelled by its page (a meeting's forms) rather than by the catalogue's `fields`. */
export interface LabelledSpec extends SpecBase {
  name: string;
  label: string;
}

export type AnySpec = FieldSpec | LabelledSpec;

/** What the officer typed, by field name: kept and shown again whatever happens. */
export type Entry = Record<string, string | string[]>;
/** A message per field name. */
export type FieldErrors = Record<string, string>;

/** Only the fields of these specs, as submitted. */
export function entryOf(form: Entry, specs: readonly AnySpec[]): Entry {
  const entry: Entry = {};
  for (const s of specs) {
    const value = form[s.name];
    if (value !== undefined) entry[s.name] = value;
  }
  return entry;
}

function converted(spec: AnySpec, raw: string, timeZone: string): unknown {
  switch (spec.convert) {
    case "number":
      // Not a whole number: left as typed, so the schema says what is wrong.
      return /^-?\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : raw;
    case "instant":
      return instantFromLocalInput(raw, timeZone);
    case "dayEnd":
      return dayEndFromLocalInput(raw, timeZone);
    default:
      return raw;
  }
}

/** The body the schema checks: empty fields left out, lists split, numbers and times read. */
export function bodyOf(entry: Entry, specs: readonly AnySpec[], timeZone: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const spec of specs) {
    const raw = entry[spec.name];
    let value: unknown;
    if (spec.kind === "multiselect") {
      const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(Boolean);
      if (list.length) value = list;
    } else {
      const text = Array.isArray(raw) ? raw[0] : raw;
      if (text === undefined || text.trim() === "") continue;
      value =
        spec.kind === "lines"
          ? text
              .split(/\r?\n/)
              .map((l) => l.trim())
              .filter(Boolean)
          : converted(spec, text, timeZone);
    }
    if (value === undefined) continue;
    const path = spec.name.split(".");
    let at = body;
    for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[path.at(-1)!] = value;
  }
  return body;
}

export interface FieldProps {
  spec: AnySpec;
  t: Catalogue;
  /** Makes ids unique on a page holding several forms. */
  idPrefix: string;
  value: string | string[] | undefined;
  error?: string | undefined;
}

/** One labelled control, its hint and its error (`role="alert"`) tied to it by aria-describedby. */
export function Field({ spec, t, idPrefix, value, error }: FieldProps) {
  const id = `${idPrefix}-${spec.name.replace(/\./g, "-")}`;
  const hint = t.hints[spec.name];
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const common = {
    id,
    name: spec.name,
    required: spec.required,
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": describedBy || undefined,
  };
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const text = values[0] ?? "";
  let control: unknown;
  if (spec.kind === "select" || spec.kind === "multiselect") {
    control = (
      <select {...common} multiple={spec.kind === "multiselect"}>
        {spec.kind === "select" && <option value="">{spec.emptyOption ?? t.choose}</option>}
        {(spec.options ?? []).map((o) => (
          <option value={o.value} selected={values.includes(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === "textarea" || spec.kind === "lines") {
    control = (
      <textarea {...common} rows={spec.kind === "lines" ? 3 : 4}>
        {text}
      </textarea>
    );
  } else {
    const type = { text: "text", number: "number", date: "date", datetime: "datetime-local" }[spec.kind];
    control = (
      <input
        {...common}
        type={type}
        value={text}
        autocomplete={spec.autocomplete}
        inputmode={spec.kind === "number" ? "numeric" : undefined}
      />
    );
  }
  return (
    <div class={spec.wide ? "field wide" : "field"}>
      <label for={id}>{"label" in spec ? spec.label : t.fields[spec.name]}</label>
      {control}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
