// Form controls with a visible label, the 和暦 beside dates and pickers from the code lists.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { entriesOn, grouped } from "../codes";
import type { CodeEntry, CodeLists } from "../types";
import { wareki } from "../wareki";

// The id of a form control named `name`: the error summary links to it (one form on screen).
export const fieldId = (name: string): string => `f-${name}`;

// What a control carries for its hint and error (the Digital Agency design system's pattern: the
// error sits under the label, the control says it is invalid and is described by the message).
export interface Described {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

interface FieldProps {
  label: string;
  hint?: string;
  name?: string; // gives the control a stable id (fieldId) for the error summary
  error?: string;
  children: (id: string, described: Described) => ReactNode;
}

export function Field({ label, hint, name, error, children }: FieldProps) {
  const generated = useId();
  const id = name ? fieldId(name) : generated;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : "", hint ? hintId : ""].filter(Boolean).join(" ");
  const described: Described = { id };
  if (describedBy) described["aria-describedby"] = describedBy;
  if (error) described["aria-invalid"] = true;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {children(id, described)}
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

// The error summary at the top of a form: a heading and a link to each field in error. It takes
// the focus when it appears (after a refused save), so a screen reader reads it at once.
export interface SummaryItem {
  name: string; // the control's name ("" when the error is not about a field of the form)
  message: string;
}

export function ErrorSummary({ items }: { items: SummaryItem[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = items.length > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown]);
  if (!shown) return null;
  return (
    <div
      className="error-summary"
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby="error-summary-title"
    >
      <h2 id="error-summary-title">入力内容にエラーがあります</h2>
      <ul>
        {items.map((item) => (
          <li key={`${item.name}:${item.message}`}>
            {item.name ? (
              <a
                href={`#${fieldId(item.name)}`}
                onClick={(e) => {
                  // The app routes on the hash: focus the control instead of following the link.
                  e.preventDefault();
                  const el = document.getElementById(fieldId(item.name));
                  el?.focus();
                  el?.scrollIntoView({ block: "center" });
                }}
              >
                {item.message}
              </a>
            ) : (
              item.message
            )}
          </li>
        ))}
      </ul>
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
  error?: string;
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
  error,
}: TextProps) {
  return (
    <Field label={required ? `${label}（必須）` : label} hint={hint} name={name} error={error}>
      {(_id, described) => (
        <input
          {...described}
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
  const { label, value, onChange, name, required, hint, rows, maxLength, error } = props;
  return (
    <Field label={required ? `${label}（必須）` : label} hint={hint} name={name} error={error}>
      {(_id, described) => (
        <textarea
          {...described}
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
  error?: string;
}

export function DateInput({ label, value, onChange, name, required, max, error }: DateProps) {
  const era = wareki(value);
  return (
    <Field label={required ? `${label}（必須）` : label} name={name} error={error}>
      {(id, described) => (
        <div className="date-row">
          <input
            {...described}
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
  error?: string;
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
  error,
}: CodeSelectProps) {
  const groups = grouped(entriesOn(codes, list, on, value, filter));
  return (
    <Field label={required ? `${label}（必須）` : label} name={name} error={error}>
      {(_id, described) => (
        <select
          {...described}
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

// A read that failed: the message, and 再読み込み. (useLoad reads again by itself when the
// connection is back; the button is for the worker who does not want to wait.)
export function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  if (!message) return null;
  return (
    <div className="load-error">
      <ErrorBox message={message} />
      <button type="button" onClick={onRetry}>
        再読み込み
      </button>
    </div>
  );
}
