// Form controls with a visible label, the 和暦 beside dates and pickers from the code lists.
import { useId, type ReactNode } from "react";
import { entriesOn, grouped } from "../codes";
import type { CodeEntry, CodeLists } from "../types";
import { wareki } from "../wareki";

interface FieldProps {
  label: string;
  hint?: string;
  children: (id: string) => ReactNode;
}

export function Field({ label, hint, children }: FieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint ? <p className="hint">{hint}</p> : null}
    </div>
  );
}

interface TextProps {
  label: string;
  value: string;
  onChange: (v: string) => void;
  name: string;
  required?: boolean;
  hint?: string;
  inputMode?: "text" | "numeric" | "tel";
  maxLength?: number;
}

export function TextInput({
  label,
  value,
  onChange,
  name,
  required,
  hint,
  inputMode,
  maxLength,
}: TextProps) {
  return (
    <Field label={required ? `${label}（必須）` : label} hint={hint}>
      {(id) => (
        <input
          id={id}
          name={name}
          value={value}
          required={required}
          inputMode={inputMode}
          maxLength={maxLength}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function TextArea(props: TextProps & { rows?: number }) {
  const { label, value, onChange, name, required, hint, rows, maxLength } = props;
  return (
    <Field label={required ? `${label}（必須）` : label} hint={hint}>
      {(id) => (
        <textarea
          id={id}
          name={name}
          value={value}
          rows={rows ?? 4}
          required={required}
          maxLength={maxLength}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

interface DateProps {
  label: string;
  value: string;
  onChange: (v: string) => void;
  name: string;
  required?: boolean;
  max?: string;
}

export function DateInput({ label, value, onChange, name, required, max }: DateProps) {
  const era = wareki(value);
  return (
    <Field label={required ? `${label}（必須）` : label}>
      {(id) => (
        <div className="date-row">
          <input
            id={id}
            type="date"
            name={name}
            value={value}
            required={required}
            max={max}
            onChange={(e) => onChange(e.target.value)}
          />
          <output className="wareki" htmlFor={id} aria-live="polite">
            {era}
          </output>
        </div>
      )}
    </Field>
  );
}

interface CodeSelectProps {
  label: string;
  codes: CodeLists;
  list: string;
  value: string;
  onChange: (v: string) => void;
  name: string;
  on: string; // the date the record is about: only codes valid then are offered
  required?: boolean;
  filter?: (e: CodeEntry) => boolean;
}

export function CodeSelect({
  label,
  codes,
  list,
  value,
  onChange,
  name,
  on,
  required,
  filter,
}: CodeSelectProps) {
  const groups = grouped(entriesOn(codes, list, on, value, filter));
  return (
    <Field label={required ? `${label}（必須）` : label}>
      {(id) => (
        <select
          id={id}
          name={name}
          value={value}
          required={required}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">{required ? "選択してください" : "（なし）"}</option>
          {groups.map(([group, entries]) =>
            group ? (
              <optgroup key={group} label={group}>
                {entries.map((e) => (
                  <option key={e.code} value={e.code}>
                    {e.label}
                  </option>
                ))}
              </optgroup>
            ) : (
              entries.map((e) => (
                <option key={e.code} value={e.code}>
                  {e.label}
                </option>
              ))
            ),
          )}
        </select>
      )}
    </Field>
  );
}

// A date shown with its 和暦: "2025-07-01（令和7年7月1日）".
export function DateText({ date }: { date: string | null | undefined }) {
  if (!date) return <span>—</span>;
  const era = wareki(date);
  return (
    <span className="date-text">
      {date}
      {era ? <span className="wareki">（{era}）</span> : null}
    </span>
  );
}

export function ErrorBox({ message }: { message: string }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
