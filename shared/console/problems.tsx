// A service's refusal as an officer reads it: the catalogue's sentence for the rule a 422
// names, or for a refusal the console knows (a role, a status that does not take the step);
// the service's own English sentence only for what the catalogue does not know yet, marked
// as English and as the server's.
import { ConflictError, ForbiddenError, type HttpError, RuleViolationError } from "../errors.js";
import { STATUSES, type Status } from "../domain/model.js";
import type { Catalogue } from "./i18n/zh.js";

export interface ShownProblem {
  text: string;
  /** The server's English sentence, for a rule the catalogue does not name. */
  fromServer?: boolean;
}

const isStatus = (v: unknown): v is Status =>
  typeof v === "string" && (STATUSES as readonly string[]).includes(v);

export function problemOf(err: HttpError, t: Catalogue): ShownProblem {
  if (err instanceof RuleViolationError) {
    const sentence = (t.problems.rules as Record<string, string | undefined>)[err.rule];
    if (sentence) return { text: sentence };
  }
  if (err instanceof ForbiddenError) return { text: t.errors.forbidden };
  if (err instanceof ConflictError && isStatus(err.extensions.caseStatus))
    return { text: t.problems.statusRefuses(t.statuses[err.extensions.caseStatus]) };
  return { text: err.message, fromServer: true };
}

/** The problem in a paragraph; the server's English said to be so. */
export function ProblemText({ problem, t }: { problem: ShownProblem; t: Catalogue }) {
  return problem.fromServer ? (
    <p>
      {t.errors.serverSays}: <span lang="en">{problem.text}</span>
    </p>
  ) : (
    <p>{problem.text}</p>
  );
}

/** A form that was not done: why, with the fields to check when some were refused. */
export function NotDone(props: { invalid: boolean; problem?: ShownProblem | undefined; t: Catalogue }) {
  const { t } = props;
  return (
    <div class="notice bad" role="alert">
      <p>
        {t.case.notDone} {props.invalid ? t.case.checkFields : ""}
      </p>
      {props.problem && <ProblemText problem={props.problem} t={t} />}
    </div>
  );
}
