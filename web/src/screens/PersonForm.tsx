// A person on a case, in any role, with every item of the seed. 年齢 and 学年 are derived by the
// server (the April-2 school-year rule) and shown read-only; 学年 can be overridden (留年 etc.).
import { useState, type FormEvent } from "react";
import { ApiError, api } from "../api";
import { dropDraft, getDraft, setDraft, useLeaveGuard } from "../drafts";
import { useLoad } from "../load";
import { label } from "../codes";
import { go } from "../route";
import { useSession } from "../session";
import { type Merge, resolve, threeWay } from "../merge";
import type { CaseView, Person, RecordChange } from "../types";
import { ConflictScreen } from "../ui/conflict";
import { isKanaReading, textError, useFormErrors } from "../formErrors";
import { messageFor } from "../messages";
import { CodeSelect, DateInput, ErrorSummary, LoadError, TextArea, TextInput } from "../ui/fields";
import { todayInJapan } from "../wareki";

const personFields = [
  "role",
  "name",
  "name_kana",
  "sex",
  "relationship",
  "birth_date",
  "address",
  "school",
  "grade_override",
  "workplace",
  "health",
  "clinic",
  "nationality",
  "residence_status",
] as const;

export const personLabels: Record<string, string> = {
  role: "区分",
  name: "氏名",
  name_kana: "ふりがな",
  sex: "性別",
  relationship: "続柄",
  birth_date: "生年月日",
  address: "住所",
  school: "所属",
  "school.kind": "所属の種類",
  "school.name": "所属の名称",
  grade_override: "学年（手入力）",
  workplace: "勤務先",
  health: "健康状態",
  clinic: "通院先",
  nationality: "国籍",
  residence_status: "在留資格",
};

// The form's controls (names); a server error naming another field goes to the summary only.
const controls = [
  "role",
  "name",
  "name_kana",
  "sex",
  "relationship",
  "birth_date",
  "address",
  "school_kind",
  "school_name",
  "grade_override",
  "workplace",
  "health",
  "clinic",
  "nationality",
  "residence_status",
] as const;

// The form's unsaved state kept in memory beyond its life (drafts.ts), with the version it was
// based on.
interface PersonDraft {
  form: Form;
  person: Person | null;
}

type Form = Omit<Person, "id" | "case_id" | "age" | "grade" | "version" | "birth_date"> & {
  birth_date: string;
};

function blank(role: string): Form {
  return {
    role,
    name: "",
    name_kana: "",
    sex: "",
    relationship: "",
    birth_date: "",
    address: "",
    school: { kind: "", name: "" },
    grade_override: "",
    workplace: "",
    health: "",
    clinic: "",
    nationality: "",
    residence_status: "",
  };
}

// The rules the app checks itself, by control ("" when the value passes). The server checks them
// again; these only let the message appear at once and go as soon as the value is fixed.
const lbl = (field: string): string => personLabels[field] ?? "";

function check(f: Form, today: string): Record<string, string> {
  const kana = f.name_kana;
  return {
    name: textError(f.name, lbl("name"), true),
    name_kana:
      textError(kana, lbl("name_kana")) ||
      (kana && !isKanaReading(kana) ? messageFor("kana_only", lbl("name_kana")) : ""),
    birth_date:
      f.birth_date && f.birth_date > today ? messageFor("in_future", lbl("birth_date")) : "",
    address: textError(f.address, lbl("address")),
    school_name: textError(f.school.name, lbl("school.name")),
    grade_override: textError(f.grade_override, lbl("grade_override")),
    workplace: textError(f.workplace, lbl("workplace")),
    health: textError(f.health, lbl("health")),
    clinic: textError(f.clinic, lbl("clinic")),
  };
}

function valueOf(f: Form, name: (typeof controls)[number]): string {
  if (name === "school_kind") return f.school.kind;
  if (name === "school_name") return f.school.name;
  return f[name];
}

function asForm(p: Person): Form {
  return { ...p, birth_date: p.birth_date ?? "" };
}

function body(f: Form): Record<string, unknown> {
  const b: Record<string, unknown> = {};
  for (const k of personFields) b[k] = f[k];
  b.birth_date = f.birth_date || null;
  if (!f.sex) b.sex = "unknown";
  return b;
}

export function PersonForm({
  caseId,
  personId,
  role,
}: {
  caseId: string;
  personId?: string;
  role?: string;
}) {
  const { codes } = useSession();
  const draftKey = `person:${caseId}:${personId ?? `new:${role ?? "child"}`}`;
  useLeaveGuard(draftKey);
  // Back from the lock screen: the unsaved text and the version it was based on (drafts.ts).
  const [draft] = useState(() => getDraft<PersonDraft>(draftKey));
  const [person, setPerson] = useState<Person | null>(draft?.person ?? null);
  const [form, setForm] = useState<Form | null>(
    draft?.form ?? (personId ? null : blank(role ?? "child")),
  );
  const [conflict, setConflict] = useState<{
    theirs: Person;
    changes: RecordChange[];
    merge: Merge;
  } | null>(null);
  const fe = useFormErrors(personLabels);
  const loaded = useLoad(`person:${caseId}:${personId ?? ""}:${draft ? "draft" : ""}`, async () => {
    if (!personId || draft) return null;
    const v = await api<CaseView>("GET", `/cases/${caseId}`);
    const p = v.people.find((x) => x.id === personId);
    if (!p) throw new ApiError(404, "not_found", "no such person");
    return p;
  });
  // The person read: the form starts from it (once).
  const [shown, setShown] = useState<Person | null>(null);
  if (loaded.data && loaded.data !== shown) {
    setShown(loaded.data);
    setPerson(loaded.data);
    setForm(asForm(loaded.data));
  }

  if (!form)
    return loaded.error ? (
      <LoadError message={loaded.error} onRetry={loaded.retry} />
    ) : (
      <p role="status">読み込み中…</p>
    );
  const today = todayInJapan();
  const set = (patch: Partial<Form>) => {
    const next = { ...form, ...patch };
    setForm(next);
    setDraft<PersonDraft>(draftKey, { form: next, person });
    const now = check(next, today);
    for (const name of controls) {
      if (valueOf(next, name) !== valueOf(form, name)) fe.recheck(name, now[name] ?? "");
    }
  };

  // `base`: the version `payload` was made from (the three-way merge's common ancestor).
  const save = async (payload: Record<string, unknown>, base: Person | null) => {
    fe.clear();
    try {
      if (base) await api<Person>("PATCH", `/people/${base.id}`, payload);
      else await api<Person>("POST", `/cases/${caseId}/people`, payload);
      dropDraft(draftKey);
      go(`/cases/${caseId}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.current && base) {
        const theirs = e.current as Person;
        const mine = { ...payload };
        delete mine.version;
        const merge = threeWay(body(asForm(base)), mine, body(asForm(theirs)), [...personFields]);
        setPerson(theirs);
        setDraft<PersonDraft>(draftKey, { form, person: theirs });
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
    if (!fe.validate(check(form, today))) return;
    const b = body(form);
    if (person) b.version = person.version;
    void save(b, person);
  };

  if (conflict) {
    const show = (f: string, v: unknown): string => {
      if (v === "" || v === null || v === undefined) return "（空欄）";
      if (f === "school") {
        const s = v as Person["school"];
        return `${label(codes, "affiliation_kind", s.kind)} ${s.name}`.trim() || "（空欄）";
      }
      const list: Record<string, string> = {
        role: "person_role",
        sex: "sex",
        relationship: "relationship",
        nationality: "nationality",
        residence_status: "residence_status",
      };
      const l = list[f];
      return l ? label(codes, l, String(v)) : String(v);
    };
    return (
      <ConflictScreen
        title={`${conflict.theirs.name}さんの情報`}
        merge={conflict.merge}
        version={conflict.theirs.version}
        changes={conflict.changes}
        labels={personLabels}
        long={["address", "health"]}
        show={show}
        onSave={(merged) => {
          setConflict(null);
          void save(merged, conflict.theirs);
        }}
        onCancel={() => {
          dropDraft(draftKey);
          go(`/cases/${caseId}`);
        }}
      />
    );
  }

  const foreign = form.nationality !== "" && form.nationality !== "jp";
  return (
    <section aria-labelledby="person-title">
      <h1 id="person-title">
        {label(codes, "person_role", form.role)}の{person ? "情報を編集" : "追加"}
      </h1>
      <ErrorSummary items={fe.summary} />
      <form onSubmit={submit} className="grid-form" noValidate>
        <CodeSelect
          label="区分"
          codes={codes}
          list="person_role"
          name="role"
          error={fe.errors.role}
          value={form.role}
          on={today}
          required
          onChange={(v) => set({ role: v })}
        />
        <TextInput
          label="氏名"
          name="name"
          error={fe.errors.name}
          value={form.name}
          onChange={(v) => set({ name: v })}
          required
          maxLength={100}
        />
        <TextInput
          label="ふりがな"
          name="name_kana"
          error={fe.errors.name_kana}
          value={form.name_kana}
          onChange={(v) => set({ name_kana: v })}
          hint="ひらがな・カタカナで入力"
          maxLength={100}
        />
        <CodeSelect
          label="性別"
          codes={codes}
          list="sex"
          name="sex"
          error={fe.errors.sex}
          value={form.sex}
          on={today}
          onChange={(v) => set({ sex: v })}
        />
        <CodeSelect
          label="続柄（児童から見て）"
          codes={codes}
          list="relationship"
          name="relationship"
          error={fe.errors.relationship}
          value={form.relationship}
          on={today}
          onChange={(v) => set({ relationship: v })}
        />
        <DateInput
          label="生年月日"
          name="birth_date"
          error={fe.errors.birth_date}
          value={form.birth_date}
          onChange={(v) => set({ birth_date: v })}
          max={today}
        />
        {person ? (
          <p className="derived" aria-live="polite">
            年齢：{person.age !== null ? `${person.age}歳` : "—"}（自動計算） 学年：
            {person.grade || "—"}
            {person.grade_override ? "" : "（自動計算）"}
          </p>
        ) : (
          <p className="derived">年齢と学年は生年月日から自動で計算されます（保存後に表示）。</p>
        )}
        <TextArea
          label="住所"
          name="address"
          error={fe.errors.address}
          value={form.address}
          onChange={(v) => set({ address: v })}
          rows={2}
        />
        <CodeSelect
          label="所属の種類"
          codes={codes}
          list="affiliation_kind"
          name="school_kind"
          error={fe.errors.school_kind}
          value={form.school.kind}
          on={today}
          onChange={(v) => set({ school: { ...form.school, kind: v } })}
        />
        <TextInput
          label="所属の名称（学校・園など）"
          name="school_name"
          error={fe.errors.school_name}
          value={form.school.name}
          onChange={(v) => set({ school: { ...form.school, name: v } })}
        />
        <TextInput
          label="学年（自動計算と異なる場合のみ）"
          name="grade_override"
          error={fe.errors.grade_override}
          value={form.grade_override}
          onChange={(v) => set({ grade_override: v })}
        />
        <TextInput
          label="勤務先"
          name="workplace"
          error={fe.errors.workplace}
          value={form.workplace}
          onChange={(v) => set({ workplace: v })}
        />
        <TextInput
          label="健康状態"
          name="health"
          error={fe.errors.health}
          value={form.health}
          onChange={(v) => set({ health: v })}
        />
        <TextInput
          label="通院先"
          name="clinic"
          error={fe.errors.clinic}
          value={form.clinic}
          onChange={(v) => set({ clinic: v })}
        />
        <CodeSelect
          label="国籍"
          codes={codes}
          list="nationality"
          name="nationality"
          error={fe.errors.nationality}
          value={form.nationality}
          on={today}
          onChange={(v) =>
            set({ nationality: v, residence_status: v === "jp" ? "" : form.residence_status })
          }
        />
        {foreign ? (
          <CodeSelect
            label="在留資格"
            codes={codes}
            list="residence_status"
            name="residence_status"
            error={fe.errors.residence_status}
            value={form.residence_status}
            on={today}
            onChange={(v) => set({ residence_status: v })}
          />
        ) : null}
        <div className="actions">
          <button type="submit" className="primary">
            保存
          </button>
          <button type="button" onClick={() => go(`/cases/${caseId}`)}>
            キャンセル
          </button>
        </div>
      </form>
    </section>
  );
}
