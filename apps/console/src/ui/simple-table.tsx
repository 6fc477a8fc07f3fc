import type { ReactNode } from 'react';
import { Empty, TableWrap } from './controls';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
}

/** A captioned table (the caption is for screen readers), or a note when there are no rows. */
export function SimpleTable<T>({ caption, rows, columns, rowKey, empty }: { caption: string; rows: T[] | undefined; columns: Column<T>[]; rowKey: (row: T) => string; empty: string }) {
  if (!rows) return <p className="loading">Loading…</p>;
  if (!rows.length) return <Empty>{empty}</Empty>;
  return (
    <TableWrap label={caption}>
      <table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.header} className={column.numeric ? 'num' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.header} className={column.numeric ? 'num' : undefined}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
