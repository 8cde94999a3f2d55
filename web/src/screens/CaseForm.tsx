// The case form: new case, or a change to one (PATCH with the version it was based on; a 409 opens
// the conflict screen).
import { useState, type FormEvent } from "react";
import { dropDraft, getDraft, setDraft, useLeaveGuard } from "../drafts";
import { useLoad } from "../load";
import { ApiError, api } from "../api";
import { label } from "../codes";
import { go } from "../route";
import { useSession } from "../session";
import { type Merge, resolve, threeWay } from "../merge";
import type { CaseFile, CaseView, RecordChange } from "../types";
import { ConflictScreen } from "../ui/conflict";
import { textError, useFormErrors } from "../formErrors";
import { messageFor } from "../messages";
import { CodeSelect, ErrorSummary, Field, LoadError, TextArea, fieldId } from "../ui/fields";
import {
  isoToLocalJst,
  japanDate,
  japanDateTime,
  localJstToIso,
  todayInJapan,
  wareki,
} from "../wareki";

interface Form {
  received_on: string; // datetime-local, JST
  unit_id: string;
  type: string;
  abuse_types: string[];
  witnessed_dv: boolean;
  referral_route: string;
  yotaikyo_class: string;
  household: string;
  status: string;
}

export const caseLabels: Record<string, string> = {
  received_on: "受理日時",
  unit_id: "担当センター",
  consultation_type: "相談種別",
  "consultation_type.code": "相談種別",
  "consultation_type.abuse_types": "虐待の種類",
  "consultation_type.witnessed_dv": "面前DV",
  referral_route: "相談経路",
  yotaikyo_class: "要対協登録区分",
  household: "世帯の状況",
  status: "状況",
};

const conflictFields = [
  "received_on",
  "unit_id",
  "status",
  "consultation_type",
  "referral_route",
  "yotaikyo_class",
  "household",
];

// The form's controls (names); consultation_type.abuse_types is the fieldset of checkboxes.
const controls = [
  "received_on",
  "unit_id",
  "status",
  "consultation_type",
  "consultation_type_abuse_types",
  "referral_route",
  "yotaikyo_class",
  "household",
] as const;

const lbl = (field: string): string => caseLabels[field] ?? "";

// The rules the app checks itself, by control ("" when the value passes); the server checks them
// again.
function check(f: Form): Record<string, string> {
  const now = isoToLocalJst(new Date().toISOString());
  return {
    received_on: !f.received_on
      ? messageFor("required", lbl("received_on"))
      : f.received_on > now
        ? messageFor("in_future", lbl("received_on"))
        : "",
    consultation_type: f.type ? "" : messageFor("required", lbl("consultation_type")),
    consultation_type_abuse_types:
      f.type === "abuse" && f.abuse_types.length === 0
        ? messageFor("required", lbl("consultation_type.abuse_types"))
        : "",
    referral_route: f.referral_route ? "" : messageFor("required", lbl("referral_route")),
    household: textError(f.household, lbl("household")),
  };
}

function fromCase(c: CaseFile): Form {
  return {
    received_on: isoToLocalJst(c.received_on),
    unit_id: c.unit_id,
    type: c.consultation_type.code,
    abuse_types: c.consultation_type.abuse_types,
    witnessed_dv: c.consultation_type.witnessed_dv,
    referral_route: c.referral_route,
    yotaikyo_class: c.yotaikyo_class,
    household: c.household,
    status: c.status,
  };
}

// A record as the PATCH body spells it (the instant in the same spelling as ours), so that the
// merge compares like with like.
function comparable(c: CaseFile): Record<string, unknown> {
  return { ...body(fromCase(c)), status: c.status };
}

function body(f: Form) {
  return {
    received_on: localJstToIso(f.received_on),
    unit_id: f.unit_id,
    consultation_type: {
      code: f.type,
      abuse_types: f.type === "abuse" ? f.abuse_types : [],
      witnessed_dv: f.type === "abuse" && f.abuse_types.includes("psychological") && f.witnessed_dv,
    },
    referral_route: f.referral_route,
    yotaikyo_class: f.yotaikyo_class,
    household: f.household,
  };
}

// The form's unsaved state kept in memory beyond its life (drafts.ts), with the version it was
// based on.
interface CaseDraft {
  form: Form;
  original: CaseFile | null;
}

export function CaseForm({ caseId }: { caseId?: string }) {
  const session = useSession();
  const { codes, user } = session;
  const draftKey = `case:${caseId ?? "new"}`;
  useLeaveGuard(draftKey);
  const [draft] = useState(() => getDraft<CaseDraft>(draftKey));
  const [original, setOriginal] = useState<CaseFile | null>(draft?.original ?? null);
  const [form, setForm] = useState<Form | null>(
    draft
      ? draft.form
      : caseId
        ? null
        : {
            received_on: isoToLocalJst(new Date().toISOString()),
            unit_id: user.unit_ids[0] ?? "",
            type: "",
            abuse_types: [],
            witnessed_dv: false,
            referral_route: "",
            yotaikyo_class: "",
            household: "",
            status: "received",
          },
  );
  const [conflict, setConflict] = useState<{
    theirs: CaseFile;
    changes: RecordChange[];
    merge: Merge;
  } | null>(null);
  const fe = useFormErrors(caseLabels, { consultation_type_code: "consultation_type" });

  const loaded = useLoad(`case-form:${caseId ?? ""}:${draft ? "draft" : ""}`, async () =>
    caseId && !draft ? api<CaseView>("GET", `/cases/${caseId}`) : null,
  );
  // The case read: the form starts from it (once).
  const [shown, setShown] = useState<CaseView | null>(null);
  if (loaded.data && loaded.data !== shown) {
    setShown(loaded.data);
    setOriginal(loaded.data);
    setForm(fromCase(loaded.data));
  }

  if (!form)
    return loaded.error ? (
      <LoadError message={loaded.error} onRetry={loaded.retry} />
    ) : (
      <p role="status">読み込み中…</p>
    );
  const set = (patch: Partial<Form>) => {
    const next = { ...form, ...patch };
    setForm(next);
    setDraft<CaseDraft>(draftKey, { form: next, original });
    const now = check(next);
    const changed: Record<string, boolean> = {
      received_on: next.received_on !== form.received_on,
      unit_id: next.unit_id !== form.unit_id,
      status: next.status !== form.status,
      consultation_type: next.type !== form.type,
      consultation_type_abuse_types:
        next.type !== form.type || next.abuse_types.join() !== form.abuse_types.join(),
      referral_route: next.referral_route !== form.referral_route,
      yotaikyo_class: next.yotaikyo_class !== form.yotaikyo_class,
      household: next.household !== form.household,
    };
    for (const name of controls) if (changed[name]) fe.recheck(name, now[name] ?? "");
  };
  const day = form.received_on.slice(0, 10) || todayInJapan();

  // `base`: the version `payload` was made from (the three-way merge's common ancestor).
  const save = async (payload: Record<string, unknown>, base: CaseFile | null) => {
    fe.clear();
    try {
      if (base) {
        await api<CaseFile>("PATCH", `/cases/${base.id}`, payload);
        dropDraft(draftKey);
        go(`/cases/${base.id}`);
      } else {
        const created = await api<CaseFile>("POST", "/cases", payload);
        dropDraft(draftKey);
        go(`/cases/${created.id}`);
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.current && base) {
        const theirs = e.current as CaseFile;
        const mine = { ...payload };
        delete mine.version;
        const merge = threeWay(comparable(base), mine, comparable(theirs), conflictFields);
        setOriginal(theirs);
        setDraft<CaseDraft>(draftKey, { form, original: theirs });
        if (merge.conflicts.length === 0) {
          // Different fields: both changes kept, nothing to ask.
          void save(resolve(merge, theirs.version, {}) ?? {}, theirs);
          return;
        }
        setConflict({ theirs, changes: e.changes, merge });
        return;
      }
      fe.fromServer(e, controls);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!fe.validate(check(form))) return;
    const b: Record<string, unknown> = body(form);
    if (original) {
      b.version = original.version;
      b.status = form.status;
    }
    void save(b, original);
  };

  if (conflict) {
    const show = (f: string, v: unknown): string => {
      if (v === "" || v === null || v === undefined) return "（空欄）";
      if (f === "consultation_type") {
        const t = v as CaseFile["consultation_type"];
        return [
          label(codes, "consultation_type", t.code),
          ...t.abuse_types.map((a) => label(codes, "consultation_type", a)),
        ].join("・");
      }
      if (f === "received_on") {
        const day = japanDate(String(v));
        return `${day}（${wareki(day)}） ${japanDateTime(String(v)).slice(11)}`;
      }
      if (f === "status") return label(codes, "case_status", String(v));
      if (f === "referral_route" || f === "yotaikyo_class") return label(codes, f, String(v));
      return String(v);
    };
    return (
      <ConflictScreen
        title={`ケース ${conflict.theirs.number}`}
        merge={conflict.merge}
        version={conflict.theirs.version}
        changes={conflict.changes}
        labels={caseLabels}
        long={["household"]}
        show={show}
        onSave={(merged) => {
          setConflict(null);
          void save(merged, conflict.theirs);
        }}
        onCancel={() => {
          dropDraft(draftKey);
          go(`/cases/${conflict.theirs.id}`);
        }}
      />
    );
  }

  const abuseKinds = (codes.consultation_type ?? []).filter((e) => e.parent === "abuse");
  return (
    <section aria-labelledby="case-form-title">
      <h1 id="case-form-title">{original ? `ケース ${original.number} の編集` : "新規ケース"}</h1>
      <ErrorSummary items={fe.summary} />
      <form onSubmit={submit} noValidate>
        <Field
          label="受理日時（必須）"
          hint={wareki(form.received_on.slice(0, 10))}
          name="received_on"
          error={fe.errors.received_on}
        >
          {(_id, described) => (
            <input
              {...described}
              name="received_on"
              type="datetime-local"
              value={form.received_on}
              required
              onChange={(e) => set({ received_on: e.target.value })}
            />
          )}
        </Field>
        <Field label="担当センター（必須）" name="unit_id" error={fe.errors.unit_id}>
          {(_id, described) => (
            <select
              {...described}
              name="unit_id"
              value={form.unit_id}
              required
              onChange={(e) => set({ unit_id: e.target.value })}
            >
              {session.units
                .filter((u) => user.unit_ids.includes(u.id) || u.id === form.unit_id)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        {original ? (
          <CodeSelect
            label="状況"
            codes={codes}
            list="case_status"
            name="status"
            error={fe.errors.status}
            value={form.status}
            on={day}
            onChange={(v) => set({ status: v })}
            required
          />
        ) : null}
        <CodeSelect
          label="相談種別"
          codes={codes}
          list="consultation_type"
          name="consultation_type"
          error={fe.errors.consultation_type}
          value={form.type}
          on={day}
          required
          filter={(e) => !e.parent}
          onChange={(v) => set({ type: v })}
        />
        {form.type === "abuse" ? (
          <fieldset
            className={fe.errors.consultation_type_abuse_types ? "checks field-invalid" : "checks"}
            id={fieldId("consultation_type_abuse_types")}
            tabIndex={-1}
            aria-describedby={
              fe.errors.consultation_type_abuse_types
                ? `${fieldId("consultation_type_abuse_types")}-error`
                : undefined
            }
          >
            <legend>虐待の種類（1つ以上）</legend>
            {fe.errors.consultation_type_abuse_types ? (
              <p className="field-error" id={`${fieldId("consultation_type_abuse_types")}-error`}>
                {fe.errors.consultation_type_abuse_types}
              </p>
            ) : null}
            {abuseKinds.map((k) => (
              <label key={k.code} className="check">
                <input
                  type="checkbox"
                  name="abuse_types"
                  value={k.code}
                  checked={form.abuse_types.includes(k.code)}
                  onChange={(e) =>
                    set({
                      abuse_types: e.target.checked
                        ? [...form.abuse_types, k.code]
                        : form.abuse_types.filter((a) => a !== k.code),
                    })
                  }
                />
                {k.label}
              </label>
            ))}
            {form.abuse_types.includes("psychological") ? (
              <label className="check">
                <input
                  type="checkbox"
                  name="witnessed_dv"
                  checked={form.witnessed_dv}
                  onChange={(e) => set({ witnessed_dv: e.target.checked })}
                />
                面前DV
              </label>
            ) : null}
          </fieldset>
        ) : null}
        <CodeSelect
          label="相談経路"
          codes={codes}
          list="referral_route"
          name="referral_route"
          error={fe.errors.referral_route}
          value={form.referral_route}
          on={day}
          required
          onChange={(v) => set({ referral_route: v })}
        />
        <CodeSelect
          label="要対協登録区分"
          codes={codes}
          list="yotaikyo_class"
          name="yotaikyo_class"
          error={fe.errors.yotaikyo_class}
          value={form.yotaikyo_class}
          on={day}
          onChange={(v) => set({ yotaikyo_class: v })}
        />
        <TextArea
          label="世帯の状況"
          name="household"
          error={fe.errors.household}
          value={form.household}
          onChange={(v) => set({ household: v })}
          rows={4}
        />
        <div className="actions">
          <button type="submit" className="primary">
            {original ? "保存" : "ケースを登録"}
          </button>
          <button type="button" onClick={() => go(original ? `/cases/${original.id}` : "/")}>
            キャンセル
          </button>
        </div>
      </form>
    </section>
  );
}
