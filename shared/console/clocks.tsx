// Clocks as officers see them, in the inbox and on a case: the deadline's state in a word
// and a colour (overdue, due soon, on track), the time left — working days said as such —
// and paused or stopped clocks said so.
import type { Calendar } from "../domain/calendar.js";
import { WINDOW_CLOCKS } from "../domain/clocks.js";
import type { EscalationRules } from "../domain/escalation.js";
import type { CaseClock } from "../domain/model.js";
import type { Reference } from "../domain/routing.js";
import { markOf, readClock, type ClockReading } from "./clock-reading.js";
import type { Catalogue } from "./i18n/zh.js";
import { agencyName, type Lang } from "./language.js";
import { localDateTime } from "./local-time.js";
import { CardTable, labelledCell as cell } from "./cards.js";

/** The reading in words: days left, overdue by, paused, met. */
export function readingText(reading: ClockReading, clock: CaseClock, t: Catalogue): string {
  const d = t.deadline;
  switch (reading.kind) {
    case "running":
    case "due-soon":
    case "window-open":
      return reading.daysLeft <= 0 ? d.dueToday : d.daysLeft(reading.daysLeft, clock.unit);
    case "overdue":
      return d.overdueBy(reading.daysOver);
    case "paused":
      return d.paused(clock.pauseReason ? t.pauseReasons[clock.pauseReason] : "");
    case "met":
      return d.met;
    case "met-late":
      return d.metLate;
    case "window-closed":
      return d.windowClosed;
  }
}

/** The mark beside a deadline: its state in a word, coloured to match. */
export function DeadlineMark({ reading, t }: { reading: ClockReading; t: Catalogue }) {
  const mark = markOf(reading);
  const word = {
    late: t.deadline.overdue,
    soon: t.deadline.dueSoon,
    ok: t.deadline.onTrack,
    quiet: undefined,
  }[mark];
  return word ? <span class={`mark ${mark}`}>{word}</span> : "";
}

export interface ClockView {
  t: Catalogue;
  lang: Lang;
  now: Date;
  calendar: Calendar;
  rules: EscalationRules;
  reference: Reference;
}

/** The case's clocks, as a table. */
export function ClocksTable({ clocks, view }: { clocks: readonly CaseClock[]; view: ClockView }) {
  const { t } = view;
  if (!clocks.length) return <p>{t.case.noClocks}</p>;
  const cols = t.case.clockColumns;
  return (
    <CardTable columns={[cols.clock, cols.owner, cols.period, cols.due, cols.state]}>
      {clocks.map((clock) => {
        const reading = readClock(clock, view.now, view.calendar, view.rules);
        return (
          <tr>
            <th scope="row">
              {t.clockNames[clock.name]}
              {WINDOW_CLOCKS.has(clock.name) && <span class="hint"> {t.deadline.window}</span>}
            </th>
            {cell(cols.owner, agencyName(view.reference, clock.owner, view.lang))}
            {cell(cols.period, t.deadline.period(clock.length, clock.unit))}
            {cell(
              cols.due,
              <>
                {localDateTime(clock.dueAt, view.calendar.timeZone)}
                {clock.calendarWarning && <p class="hint">{t.deadline.calendarWarning}</p>}
              </>,
            )}
            {cell(
              cols.state,
              <>
                <DeadlineMark reading={reading} t={t} /> {readingText(reading, clock, t)}
              </>,
            )}
          </tr>
        );
      })}
    </CardTable>
  );
}
