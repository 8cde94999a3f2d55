// Errors of one form, keyed by the control's name: shown at the field and in the error summary,
// and cleared as soon as the field is changed to a valid value (the Digital Agency design
// system's pattern). The rules the app can check itself run before a save; a rule only the server
// knows arrives as an ApiError and is shown the same way.
import { useState } from "react";
import { ApiError, describeError, fieldMessage } from "./api";
import { messageFor } from "./messages";
import type { SummaryItem } from "./ui/fields";

export type Errors = Record<string, string>;

// Whitespace of any width (Unicode White_Space and the invisible spaces), as the server counts it.
const blankOnly = /^[\s\u0085\u200b\u2060\ufeff]+$/u;

export function isBlank(value: string): boolean {
  return value.length > 0 && blankOnly.test(value);
}

// The message of a text field the app checks itself: required, blank or neither ("").
export function textError(value: string, fieldLabel: string, required = false): string {
  if (isBlank(value)) return messageFor("blank", fieldLabel);
  if (required && value === "") return messageFor("required", fieldLabel);
  return "";
}

// A ふりがな as the server accepts it (ja::IsKanaReading): after NFKC only hiragana, katakana,
// ー, ・ and spaces, with at least one kana.
export function isKanaReading(value: string): boolean {
  const v = value.normalize("NFKC");
  return (
    /^[\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u30fb\s\u3099\u309a]+$/u.test(v) &&
    /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(v)
  );
}

// The control's name for a field the server named: "school.name" is the control "school_name".
export const controlName = (serverField: string): string => serverField.replace(/[.[\]]+/g, "_");

// `aliases` maps a server field's control name to the form's control where it differs
// ("consultation_type_code" is the select "consultation_type").
export function useFormErrors(
  labels: Record<string, string>,
  aliases: Record<string, string> = {},
) {
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState("");

  const summary: SummaryItem[] = [
    ...Object.entries(errors).map(([name, message]) => ({ name, message })),
    ...(general ? [{ name: "", message: general }] : []),
  ];

  return {
    errors,
    summary,
    general,
    // After a change of one field: its error goes as soon as `check` finds the value valid; a
    // field without an error is not checked while it is typed in.
    recheck(name: string, message: string) {
      setErrors((prev) => {
        if (!(name in prev)) return prev;
        if (message) return { ...prev, [name]: message };
        return Object.fromEntries(Object.entries(prev).filter(([k]) => k !== name));
      });
    },
    // Before a save: every rule the app knows; true when all pass.
    validate(all: Errors): boolean {
      const found: Errors = {};
      for (const [k, v] of Object.entries(all)) if (v) found[k] = v;
      setErrors(found);
      setGeneral("");
      return Object.keys(found).length === 0;
    },
    // A refused save: at the field when the server named one of this form, else in the summary.
    fromServer(e: unknown, controls: readonly string[]) {
      if (e instanceof ApiError && e.field && e.status === 400) {
        const raw = controlName(e.field);
        const name = aliases[raw] ?? raw;
        if (controls.includes(name)) {
          setErrors({ [name]: fieldMessage(e, labels) });
          setGeneral("");
          return;
        }
      }
      setErrors({});
      setGeneral(describeError(e, labels));
    },
    clear() {
      setErrors({});
      setGeneral("");
    },
  };
}
