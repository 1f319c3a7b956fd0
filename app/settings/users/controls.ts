// Control styles shared by the users table and the teams panel.
export const input =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";
export const primaryButton =
  "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60";
export const secondaryButton =
  "rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800";
export const dangerButton =
  "rounded-md border border-rose-300 px-2.5 py-1 text-sm font-medium text-rose-700 hover:bg-rose-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-rose-500/40 dark:text-rose-300 dark:hover:bg-rose-500/10";
export const linkButton =
  "text-sm font-medium text-indigo-700 hover:underline disabled:opacity-60 dark:text-indigo-300";
export const errorText = "text-sm text-rose-700 dark:text-rose-300";
