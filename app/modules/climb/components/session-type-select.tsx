import { SESSION_TYPE_LABELS, SESSION_TYPES } from "../session-types";

/** A labelled select of every session type, with its inline error. */
export function SessionTypeSelect({
  id,
  name,
  label,
  defaultValue,
  errors,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue: string;
  errors?: string[] | undefined;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
      >
        {SESSION_TYPES.map((t) => (
          <option key={t} value={t}>
            {SESSION_TYPE_LABELS[t]}
          </option>
        ))}
      </select>
      {errors?.length ? <p className="text-sm text-red-700">{errors.join(". ")}</p> : null}
    </div>
  );
}
