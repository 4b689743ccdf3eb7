// The console's tables: on a wide screen a table, on a phone each row a card (stylesheet.ts,
// `table.cards`), where every cell carries its column's name, hidden from screen readers,
// which already announce the header.
import type { Child } from "hono/jsx";

/** A table of `cards`: its column headers, then the rows given as children. */
export function CardTable(props: { columns: string[]; class?: string; caption?: string; children?: Child }) {
  return (
    <table class={props.class ? `cards ${props.class}` : "cards"}>
      {props.caption !== undefined && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th scope="col">{column}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

/** A cell's column name, shown only when the row is a card. */
export const cellLabel = (text: string) => (
  <span class="cell-label" aria-hidden="true">
    {text}
  </span>
);

/** A cell of text under its column's name. */
export const labelledCell = (label: string, content: unknown) => (
  <td>
    {cellLabel(label)}
    {content}
  </td>
);
