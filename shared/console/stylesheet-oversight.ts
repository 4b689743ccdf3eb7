// The part of the console's one stylesheet (./stylesheet.ts) that the oversight pages add:
// charts and their data tables side by side (stacked on a phone), the escalation lists'
// agency groups. SVG is coloured here, not in attributes: the CSP allows no inline style.
export const OVERSIGHT_CSS = `
.oversight-list h3{margin-top:1.25rem}
.count{font-weight:400;color:var(--muted);font-size:.9rem}
table.escalated{table-layout:fixed}
table.escalated th:nth-child(1){width:30%}
table.escalated th:nth-child(2){width:30%}
figure.chart{margin:1.5rem 0 2.5rem}
figure.chart figcaption{font-weight:700;font-size:1.1rem;margin:0 0 .5rem}
.chart-body{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem 2rem;align-items:start}
.chart-body svg{width:100%;height:auto;max-width:30rem;overflow:visible}
.bars .label,.lines .legend{font-size:13px;fill:var(--ink)}
.bars .value,.lines .axis{font-size:12px;fill:var(--muted)}
.bars .bar{fill:var(--brand)}
.lines .grid line{stroke:var(--line);stroke-width:1}
.series polyline{fill:none;stroke-width:2.5}
.series.s0 polyline{stroke:var(--brand)}
.series.s0 circle,.series.s0 rect{fill:var(--brand)}
.series.s1 polyline{stroke:#b45309;stroke-dasharray:6 3}
.series.s1 circle,.series.s1 rect{fill:#b45309}
table.chart-data{font-size:.95rem}
table.chart-data td{text-align:right;font-variant-numeric:tabular-nums}
@media (max-width:40rem){
.chart-body{grid-template-columns:1fr}
.bars .label,.lines .legend{font-size:15px}
.bars .value,.lines .axis{font-size:14px}
.lines .axis.minor{display:none}
}
`;
