// Charts drawn on the server as SVG — no script, no library, nothing from another origin —
// each an image with a name (role="img", its <title> and aria-label) and, beside it, a data
// table holding the same numbers, so nobody needs the picture to read them. Bars for values
// by label (a category, a rate), a line for values over time (months).
import type { Catalogue } from "./i18n/zh.js";

export interface Datum {
  label: string;
  value: number;
}

/** A named run of values, one per label, in the labels' order. */
export interface Series {
  name: string;
  values: number[];
}

interface ChartText {
  /** Unique on the page: the SVG's title is found by it. */
  id: string;
  title: string;
  /** The table's heading over the labels (a month, a category). */
  labelHeading: string;
  /** How a value is written (a count, a percentage). */
  format?: (n: number) => string;
  t: Catalogue;
}

const plain = (n: number) => String(n);
const round = (n: number) => Math.round(n * 100) / 100;

/** The bar chart's geometry, in the SVG's own units (it scales to the width it is given). */
export const BAR = { width: 400, row: 40, barTop: 20, barHeight: 14, valueRoom: 64 } as const;
/** The line chart's plot area. */
export const LINE = { width: 400, height: 250, left: 44, right: 390, top: 12, bottom: 200 } as const;

function DataTable(props: {
  caption: string;
  labelHeading: string;
  labels: string[];
  series: Series[];
  format: (n: number) => string;
}) {
  return (
    <table class="chart-data">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.labelHeading}</th>
          {props.series.map((s) => (
            <th scope="col">{s.name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.labels.map((label, i) => (
          <tr>
            <th scope="row">{label}</th>
            {props.series.map((s) => (
              <td>{props.format(s.values[i] ?? 0)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Figure(props: { id: string; title: string; empty: boolean; t: Catalogue; children: unknown }) {
  return (
    <figure class="chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>{props.title}</figcaption>
      {props.empty ? <p>{props.t.charts.noData}</p> : <div class="chart-body">{props.children}</div>}
    </figure>
  );
}

/** Horizontal bars, one per label, longest for the largest value (or for `max`, such as 1 for rates). */
export function BarChart(props: ChartText & { valueHeading: string; data: Datum[]; max?: number }) {
  const { id, title, data } = props;
  const format = props.format ?? plain;
  const max = props.max ?? Math.max(0, ...data.map((d) => d.value));
  const span = BAR.width - BAR.valueRoom;
  const length = (v: number) => (max > 0 ? round((Math.max(0, v) / max) * span) : 0);
  const height = data.length * BAR.row + 4;
  return (
    <Figure id={id} title={title} empty={data.length === 0} t={props.t}>
      <svg
        role="img"
        aria-label={title}
        aria-labelledby={`${id}-title`}
        viewBox={`0 0 ${BAR.width} ${height}`}
        class="bars"
      >
        <title id={`${id}-title`}>{title}</title>
        {data.map((d, i) => {
          const y = i * BAR.row;
          const width = length(d.value);
          return (
            <g>
              <text x="0" y={y + 15} class="label">
                {d.label}
              </text>
              <rect class="bar" x="0" y={y + BAR.barTop} width={width} height={BAR.barHeight}>
                <title>{`${d.label}: ${format(d.value)}`}</title>
              </rect>
              <text x={width + 6} y={y + BAR.barTop + 12} class="value">
                {format(d.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTable
        caption={props.t.charts.table(title)}
        labelHeading={props.labelHeading}
        labels={data.map((d) => d.label)}
        series={[{ name: props.valueHeading, values: data.map((d) => d.value) }]}
        format={format}
      />
    </Figure>
  );
}

/** One line per series over the labels (months, oldest first), a point at each value. */
export function LineChart(props: ChartText & { labels: string[]; series: Series[] }) {
  const { id, title, labels, series } = props;
  const format = props.format ?? plain;
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const plotWidth = LINE.right - LINE.left;
  const x = (i: number) =>
    round(labels.length > 1 ? LINE.left + (i / (labels.length - 1)) * plotWidth : LINE.left + plotWidth / 2);
  const y = (v: number) =>
    round(LINE.bottom - (max > 0 ? (Math.max(0, v) / max) * (LINE.bottom - LINE.top) : 0));
  // At most about six month labels under the axis, counted back from the latest, evenly
  // spaced: the table beside has them all.
  const step = Math.max(1, Math.ceil(labels.length / 6));
  const labelled = (i: number) => (labels.length - 1 - i) % step === 0;
  // Every other one of those is left out on a phone (stylesheet-oversight.ts).
  const minor = (i: number) => ((labels.length - 1 - i) / step) % 2 === 1;
  return (
    <Figure id={id} title={title} empty={labels.length === 0 || series.length === 0} t={props.t}>
      <svg
        role="img"
        aria-label={title}
        aria-labelledby={`${id}-title`}
        viewBox={`0 0 ${LINE.width} ${LINE.height}`}
        class="lines"
      >
        <title id={`${id}-title`}>{title}</title>
        {[0, max / 2, max].map((v) => (
          <g class="grid">
            <line x1={LINE.left} x2={LINE.right} y1={y(v)} y2={y(v)} />
            <text x={LINE.left - 6} y={y(v) + 4} class="axis" text-anchor="end">
              {format(round(v))}
            </text>
          </g>
        ))}
        {labels.map((label, i) =>
          labelled(i) ? (
            <text x={x(i)} y={LINE.bottom + 18} class={minor(i) ? "axis minor" : "axis"} text-anchor="middle">
              {label}
            </text>
          ) : null,
        )}
        {series.map((s, n) => (
          <g class={`series s${n}`}>
            <polyline points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ")} />
            {s.values.map((v, i) => (
              <circle cx={x(i)} cy={y(v)} r="3.5">
                <title>{`${s.name}, ${labels[i]}: ${format(v)}`}</title>
              </circle>
            ))}
            <rect x={LINE.left + n * 130} y={LINE.height - 16} width="12" height="12" />
            <text x={LINE.left + n * 130 + 18} y={LINE.height - 6} class="legend">
              {s.name}
            </text>
          </g>
        ))}
      </svg>
      <DataTable
        caption={props.t.charts.table(title)}
        labelHeading={props.labelHeading}
        labels={labels}
        series={series}
        format={format}
      />
    </Figure>
  );
}
