import { Field } from "~/components/ui/field";
import { READINESS_FIELDS, READINESS_RANGES, type ReadinessField } from "../session-types";

const OPTIONAL: ReadinessField[] = ["soreness", "motivation", "finger_pain"];

/** Today's readiness inputs, with their ranges, shared by the coach form and the session forms. */
export function ReadinessFields({
  values,
  errors,
}: {
  values: Partial<Record<ReadinessField, string | number | null>>;
  errors: Record<string, string[] | undefined>;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      {READINESS_FIELDS.map((field) => {
        const r = READINESS_RANGES[field];
        const v = values[field];
        return (
          <Field
            key={field}
            name={field}
            label={r.label}
            type="number"
            inputMode="decimal"
            min={r.min}
            max={r.max}
            step={r.step}
            required={!OPTIONAL.includes(field)}
            defaultValue={v === null || v === undefined ? "" : String(v)}
            errors={errors[field]}
            hint={OPTIONAL.includes(field) ? "Optional: a typical day if left empty" : undefined}
          />
        );
      })}
    </div>
  );
}
