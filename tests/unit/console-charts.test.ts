// The console's server-drawn charts: each bar as long as its value says, each point as high,
// the table beside holding the same rows and numbers, the picture named for assistive
// technology, and labels escaped like any text. Also: a service's refusal said in words.
import { describe, expect, it } from "vitest";
import { BAR, BarChart, LINE, LineChart } from "../../shared/console/charts.js";
import { en } from "../../shared/console/i18n/en.js";
import { zh } from "../../shared/console/i18n/zh.js";
import { problemOf } from "../../shared/console/problems.js";
import { ConflictError, ForbiddenError, RuleViolationError } from "../../shared/errors.js";
import { textOf } from "../support/console.js";

const html = async (node: unknown) =>
  String(await (node as { toString(): string | Promise<string> }).toString());
const numbers = (markup: string, tag: string, attribute: string) =>
  [...markup.matchAll(new RegExp(`<${tag}\\b[^>]*\\b${attribute}="([^"]+)"`, "g"))].map((m) => Number(m[1]));
/** Coordinates are written to the hundredth. */
const hundredths = (n: number) => Math.round(n * 100) / 100;
/** The data table's body rows, each as its cells' texts. */
const rows = (markup: string) =>
  [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(markup)?.[1] ?? "").matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1]!)),
  );

describe("the bar chart", () => {
  const data = [
    { label: "Labour", value: 12 },
    { label: "Land", value: 3 },
    { label: "Health", value: 0 },
    { label: "Housing", value: 6 },
  ];

  it("draws each bar in proportion to its value, the largest across the room there is", async () => {
    const markup = await html(
      BarChart({
        id: "c",
        title: "By category",
        labelHeading: "Category",
        valueHeading: "Cases",
        data,
        t: en,
      }),
    );
    const widths = numbers(markup, "rect", "width");
    const span = BAR.width - BAR.valueRoom;
    expect(widths).toEqual(data.map((d) => hundredths((d.value / 12) * span)));
    const ys = numbers(markup, "rect", "y");
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(ys).size).toBe(data.length);
  });

  it("holds the same labels and numbers in the table beside it", async () => {
    const markup = await html(
      BarChart({
        id: "c",
        title: "By category",
        labelHeading: "Category",
        valueHeading: "Cases",
        data,
        t: en,
      }),
    );
    expect(rows(markup)).toEqual(data.map((d) => [d.label, String(d.value)]));
    expect(markup).toContain("<caption>By category (data table)</caption>");
    expect(markup).toMatch(/<th scope="col">Category<\/th><th scope="col">Cases<\/th>/);
  });

  it("is an image with a name, and draws rates against a whole", async () => {
    const markup = await html(
      BarChart({
        id: "rates",
        title: "Rates",
        labelHeading: "Rate",
        valueHeading: "Rate",
        data: [{ label: "On-time", value: 0.5 }],
        max: 1,
        format: (n) => `${n * 100} %`,
        t: en,
      }),
    );
    expect(markup).toMatch(/<svg role="img" aria-label="Rates" aria-labelledby="rates-title"/);
    expect(markup).toContain('<title id="rates-title">Rates</title>');
    expect(numbers(markup, "rect", "width")).toEqual([(BAR.width - BAR.valueRoom) / 2]);
    expect(rows(markup)).toEqual([["On-time", "50 %"]]);
  });

  it("escapes its labels and title, in the picture and in the table", async () => {
    const label = `<script>alert("x")</script> & 'co'`;
    const markup = await html(
      BarChart({
        id: "x",
        title: "<b>T</b>",
        labelHeading: "L",
        valueHeading: "V",
        data: [{ label, value: 1 }],
        t: en,
      }),
    );
    expect(markup).not.toContain("<script>");
    expect(markup).not.toContain("<b>T</b>");
    expect(markup).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;");
    expect(rows(markup)).toEqual([[label, "1"]]);
  });

  it("says there is no data instead of drawing nothing", async () => {
    const markup = await html(
      BarChart({ id: "e", title: "Empty", labelHeading: "L", valueHeading: "V", data: [], t: zh }),
    );
    expect(markup).not.toContain("<svg");
    expect(markup).toContain(zh.charts.noData);
  });
});

describe("the line chart", () => {
  const labels = ["2026-07", "2026-08", "2026-09", "2026-10"];
  const series = [
    { name: "Received", values: [4, 8, 2, 0] },
    { name: "Concluded", values: [1, 2, 8, 4] },
  ];

  it("puts each point as high as its value, left to right in the labels' order", async () => {
    const markup = await html(
      LineChart({ id: "m", title: "By month", labelHeading: "Month", labels, series, t: en }),
    );
    const cx = numbers(markup, "circle", "cx");
    const cy = numbers(markup, "circle", "cy");
    const height = LINE.bottom - LINE.top;
    expect(cy).toEqual(
      series.flatMap((s) => s.values.map((v) => hundredths(LINE.bottom - (v / 8) * height))),
    );
    const step = (LINE.right - LINE.left) / 3;
    expect(cx).toEqual([0, 1].flatMap(() => labels.map((_, i) => hundredths(LINE.left + i * step))));
    const lines = [...markup.matchAll(/<polyline points="([^"]+)"/g)].map((m) => m[1]);
    expect(lines[0]).toBe(labels.map((_, i) => `${cx[i]},${cy[i]}`).join(" "));
  });

  it("holds every label and every series in the table beside it", async () => {
    const markup = await html(
      LineChart({ id: "m", title: "By month", labelHeading: "Month", labels, series, t: en }),
    );
    expect(rows(markup)).toEqual(
      labels.map((l, i) => [l, String(series[0]!.values[i]), String(series[1]!.values[i])]),
    );
    expect(markup).toMatch(
      /<th scope="col">Month<\/th><th scope="col">Received<\/th><th scope="col">Concluded<\/th>/,
    );
    expect(markup).toMatch(/<svg role="img" aria-label="By month"/);
  });
});

describe("a service's refusal in words", () => {
  it("says a known rule from the catalogue, and the server's English only for a rule it does not know", () => {
    const rule = new RuleViolationError(
      "extension-once",
      "The case has had its one extension (信访工作条例 Art. 34).",
    );
    expect(problemOf(rule, zh)).toEqual({ text: zh.problems.rules["extension-once"] });
    expect(problemOf(rule, en).text).toBe(
      "The case has had its one extension (Regulation on Petitions, Art. 34).",
    );
    const unknown = new RuleViolationError("a-rule-made-later", "Some new rule.");
    expect(problemOf(unknown, zh)).toEqual({ text: "Some new rule.", fromServer: true });
  });

  it("says a status that does not take the step, and a role that may not, in the page's language", () => {
    const conflict = new ConflictError('A case in status "closed" does not accept "reply".', {
      caseStatus: "closed",
    });
    expect(problemOf(conflict, zh).text).toBe("案件当前状态为“已结案”，不接受此操作。");
    expect(problemOf(new ForbiddenError("Only the lead may reply."), en).text).toBe(en.errors.forbidden);
  });
});
