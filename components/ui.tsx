import { Link } from "./link";
import {
  useId,
  type ButtonHTMLAttributes,
  type HTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import type { Severity } from "@/lib/domain/vocabulary";

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description: string;
  actions?: ReactNode;
}) {
  return (
    <header className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{description}</p>
      </div>
      {actions}
    </header>
  );
}

export function Card({ title, children, className = "" }: { title?: string; children: ReactNode; className?: string }) {
  return (
    <section
      className={`rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900 ${className}`}
    >
      {title && <h2 className="mb-4 text-sm font-semibold text-slate-700 dark:text-slate-300">{title}</h2>}
      {children}
    </section>
  );
}

export function Stat({
  label,
  value,
  hint,
  tone = "default",
  title,
}: {
  label: string;
  value: ReactNode;
  hint?: string;
  tone?: "default" | "alert";
  title?: string;
}) {
  return (
    <div
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      title={title}
    >
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</dt>
      <dd
        className={`mt-2 text-3xl font-semibold tabular-nums ${tone === "alert" ? "text-red-600 dark:text-red-400" : ""}`}
      >
        {value}
      </dd>
      {hint && <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{hint}</p>}
    </div>
  );
}

export type NextStep = { title: string; body: ReactNode; href?: string; linkLabel?: string };

/** What a page shows before it has data: why it is empty and the concrete next steps. */
export function EmptyState({
  title,
  description,
  steps,
}: {
  title: string;
  description: ReactNode;
  steps: NextStep[];
}) {
  return (
    <section
      aria-label={title}
      data-testid="empty-state"
      className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="mx-auto max-w-2xl">
        <h2 className="text-lg font-semibold">{title}</h2>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{description}</p>
        <ol className="mt-6 space-y-4">
          {steps.map((step, i) => (
            <li key={step.title} className="flex gap-4">
              <span className="flex size-7 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-sm font-semibold text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300">
                {i + 1}
              </span>
              <div className="text-sm">
                <p className="font-medium">{step.title}</p>
                <div className="mt-1 text-slate-600 dark:text-slate-400">{step.body}</div>
                {step.href && (
                  <Link
                    href={step.href}
                    className="mt-1 inline-block font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    {step.linkLabel ?? "Open"} →
                  </Link>
                )}
              </div>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}

const severityStyles: Record<Severity, string> = {
  critical: "bg-red-600 text-white",
  high: "bg-orange-500 text-white",
  medium: "bg-amber-300 text-amber-950",
  low: "bg-sky-100 text-sky-900 dark:bg-sky-500/20 dark:text-sky-200",
  informational: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`inline-flex rounded px-2 py-0.5 text-xs font-semibold capitalize ${severityStyles[severity]}`}>
      {severity}
    </span>
  );
}

export function Pill({
  children,
  tone = "neutral",
}: {
  children: ReactNode;
  tone?: "neutral" | "good" | "warn" | "bad";
}) {
  const tones = {
    neutral: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
    good: "bg-emerald-50 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300",
    warn: "bg-amber-50 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300",
    bad: "bg-red-50 text-red-800 dark:bg-red-500/15 dark:text-red-300",
  };
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}

export function Code({ children }: { children: ReactNode }) {
  return (
    <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[0.85em] text-slate-800 dark:bg-slate-800 dark:text-slate-200">
      {children}
    </code>
  );
}

/** A table with a caption for screen readers; columns are given by the caller's <thead>/<tbody>. */
export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <table className="min-w-full divide-y divide-slate-200 text-left text-sm dark:divide-slate-800">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export const th = "px-4 py-2.5 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400";

/** A table's header row: one column header per entry. */
export function Thead({ columns }: { columns: ReactNode[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <th key={i} scope="col" className={th}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
export const td = "whitespace-nowrap px-4 py-2.5 align-top";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatDateTime(d: Date | null | undefined): string {
  return d ? `${dateTime.format(d)} UTC` : "—";
}

/** A size in bytes for people: "812 kB", "1.4 GB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });

export function formatMoney(amount: number): string {
  return money.format(amount);
}

// Form controls: every button, text box and list box of the app takes its look from here.

const buttonVariants = {
  primary:
    "bg-indigo-600 text-white shadow-sm hover:bg-indigo-500 disabled:bg-slate-300 disabled:text-slate-600 disabled:shadow-none dark:disabled:bg-slate-700 dark:disabled:text-slate-300",
  secondary:
    "border border-slate-300 hover:bg-slate-50 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800",
  neutral:
    "bg-slate-900 text-white shadow-sm hover:bg-slate-700 disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-white",
  danger: "bg-rose-600 text-white shadow-sm hover:bg-rose-500 disabled:opacity-60",
  "danger-outline":
    "border border-rose-300 text-rose-700 hover:bg-rose-50 disabled:opacity-50 dark:border-rose-500/40 dark:text-rose-300 dark:hover:bg-rose-500/10",
  link: "text-indigo-700 hover:underline disabled:opacity-60 dark:text-indigo-300",
  "link-danger": "text-rose-700 hover:underline disabled:opacity-60 dark:text-rose-300",
} as const;

const buttonSizes = {
  xs: "px-2 py-0.5 text-xs",
  sm: "px-2.5 py-1 text-sm",
  md: "px-3 py-1.5 text-sm",
  lg: "px-4 py-2 text-sm",
};

export type ButtonVariant = keyof typeof buttonVariants;
export type ButtonSize = keyof typeof buttonSizes;
type ButtonStyle = { variant?: ButtonVariant; size?: ButtonSize; className?: string };

/** A button's classes, for a link that must look like one. Links (the variant) take no padding. */
export function buttonClass({ variant = "secondary", size = "md", className = "" }: ButtonStyle = {}): string {
  const link = variant === "link" || variant === "link-danger";
  const box = link ? (size === "xs" ? "text-xs" : "text-sm") : `rounded-md ${buttonSizes[size]}`;
  return `inline-flex items-center justify-center gap-2 font-medium focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:cursor-not-allowed dark:focus-visible:ring-offset-slate-900 ${box} ${buttonVariants[variant]} ${className}`.trim();
}

/** A button; `type="button"` unless told otherwise, so it never submits a form by accident. */
export function Button({
  variant,
  size,
  className,
  type = "button",
  ...props
}: ButtonStyle & ButtonHTMLAttributes<HTMLButtonElement>) {
  return <button type={type} className={buttonClass({ variant, size, className })} {...props} />;
}

type ControlSize = "md" | "lg";
const control = (size: ControlSize = "md", className = "") =>
  `rounded-md border border-slate-300 bg-white px-3 ${size === "lg" ? "py-2" : "py-1.5"} text-sm shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 disabled:cursor-not-allowed disabled:opacity-70 aria-[invalid=true]:border-rose-500 dark:border-slate-700 dark:bg-slate-950 dark:placeholder:text-slate-500 ${className}`.trim();

type ControlStyle = { size?: ControlSize; className?: string };

export function Input({
  size,
  className,
  ...props
}: ControlStyle & Omit<InputHTMLAttributes<HTMLInputElement>, "size">) {
  return <input className={control(size, className)} {...props} />;
}

export function Textarea({ size, className, ...props }: ControlStyle & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={control(size, className)} {...props} />;
}

export function Select({
  size,
  className,
  ...props
}: ControlStyle & Omit<SelectHTMLAttributes<HTMLSelectElement>, "size">) {
  return <select className={control(size, className)} {...props} />;
}

/** What a control needs from its Field: the label's target, and where its hint and errors are. */
export type FieldControl = { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean };

/**
 * A labelled control with an optional hint and its errors, tied to it for screen readers. `name`
 * marks the errors for tests (`error-<name>`).
 */
export function Field({
  label,
  hint,
  errors,
  name,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  name?: string;
  className?: string;
  children: (control: FieldControl) => ReactNode;
}) {
  const id = useId();
  const failed = errors !== undefined && errors.length > 0;
  const described = [hint ? `${id}-hint` : "", failed ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      <div className="mt-1">
        {children({ id, "aria-describedby": described || undefined, "aria-invalid": failed || undefined })}
      </div>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      )}
      {failed && (
        <ul
          id={`${id}-error`}
          className="mt-1 space-y-0.5 text-sm text-rose-700 dark:text-rose-300"
          data-testid={name ? `error-${name}` : undefined}
        >
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A form's or an action's error, announced when it appears. */
export function ErrorMessage({ className = "", ...props }: HTMLAttributes<HTMLParagraphElement>) {
  return <p role="alert" className={`text-sm text-rose-700 dark:text-rose-300 ${className}`.trim()} {...props} />;
}
