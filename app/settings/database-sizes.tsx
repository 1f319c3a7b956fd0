import { Table, Thead, formatBytes, td } from "@/components/ui";
import type { TableSize } from "@/lib/db/queries/retention";

const SHOWN = 10;
const COLUMNS = [
  "Table",
  <span key="rows" className="block text-right">
    Rows
  </span>,
  <span key="size" className="block text-right">
    Size
  </span>,
];
const count = new Intl.NumberFormat("en-US");

function Rows({ sizes }: { sizes: TableSize[] }) {
  return sizes.map((t) => (
    <tr key={t.table}>
      <td className={`${td} font-mono text-xs`}>{t.table}</td>
      <td className={`${td} text-right tabular-nums`}>≈ {count.format(t.rows)}</td>
      <td className={`${td} text-right tabular-nums`}>{formatBytes(t.bytes)}</td>
    </tr>
  ));
}

/** The database's size per table (rows, indexes and TOAST included), largest first. */
export function DatabaseSizes({ sizes }: { sizes: TableSize[] }) {
  const totalBytes = sizes.reduce((n, t) => n + t.bytes, 0);
  const rest = sizes.slice(SHOWN);
  return (
    <div className="mt-6" data-testid="database-sizes">
      <h3 className="text-sm font-semibold">
        Database size per table{" "}
        <span className="font-normal text-slate-500 dark:text-slate-400">· {formatBytes(totalBytes)} in all</span>
      </h3>
      <div className="mt-2">
        <Table caption="Database size per table, largest first">
          <Thead columns={COLUMNS} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            <Rows sizes={sizes.slice(0, SHOWN)} />
          </tbody>
        </Table>
      </div>
      {rest.length > 0 && (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-indigo-700 dark:text-indigo-300">
            {rest.length} smaller tables ({formatBytes(rest.reduce((n, t) => n + t.bytes, 0))})
          </summary>
          <div className="mt-2">
            <Table caption="Smaller tables">
              <Thead columns={COLUMNS} />
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                <Rows sizes={rest} />
              </tbody>
            </Table>
          </div>
        </details>
      )}
    </div>
  );
}
