import { AnySelect } from "@/components/filter-form";
import { environments } from "@/lib/domain/vocabulary";

/** One labelled <select> of a GET filter form: "any" first, then the options. */
export function FilterSelect({
  label,
  name,
  value,
  any = "Any",
  options,
}: {
  label: string;
  name: string;
  value: string | undefined;
  any?: string;
  options: { value: string; label: string }[];
}) {
  return (
    <label className="text-sm">
      <span className="block text-xs text-slate-500 dark:text-slate-400">{label}</span>
      <AnySelect name={name} value={value} options={options} any={any} />
    </label>
  );
}

/** Whose data a timeline or a comparison covers: one account, one team's accounts, or one environment. */
export function WhoseFilters({
  accounts,
  teams,
  value,
}: {
  accounts: { id: string; name: string; environment: string }[];
  teams: { id: string; name: string }[];
  value: { account?: string; team?: string; environment?: string };
}) {
  return (
    <>
      <FilterSelect
        label="Account"
        name="account"
        value={value.account}
        any="All in scope"
        options={accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.environment})` }))}
      />
      <FilterSelect
        label="Team"
        name="team"
        value={value.team}
        options={teams.map((t) => ({ value: t.id, label: t.name }))}
      />
      <FilterSelect
        label="Environment"
        name="environment"
        value={value.environment}
        options={environments.map((e) => ({ value: e, label: e }))}
      />
    </>
  );
}
