import type { ReactNode } from "react";
import { Select } from "./ui";

/** The label style of a page's stacked filter form (Accounts, GuardDuty). */
export const filterLabel = "block text-xs font-medium text-slate-600 dark:text-slate-400";

/** A GET form's select: an empty "any" option first, then the options. */
export function AnySelect({
  name,
  value,
  options,
  any = "Any",
  className,
}: {
  name: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
  any?: string;
  className?: string;
}) {
  return (
    <Select name={name} defaultValue={value ?? ""} className={className}>
      <option value="">{any}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </Select>
  );
}

/** One stacked filter of a GET form: a labelled select whose empty option means "any". */
export function FormSelect({
  label,
  name,
  value,
  options,
  any = "Any",
  className,
}: {
  label: ReactNode;
  name: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
  any?: string;
  className?: string;
}) {
  return (
    <label className={className ? `${filterLabel} ${className}` : filterLabel}>
      {label}
      <AnySelect name={name} value={value} options={options} any={any} className="mt-1 w-full" />
    </label>
  );
}
