// A person on a case, in any role, with every item of the seed. 年齢 and 学年 are derived by the
// server (the April-2 school-year rule) and shown read-only; 学年 can be overridden (留年 etc.).
import { useEffect, useState, type FormEvent } from "react";
import { ApiError, api, describeError } from "../api";
import { label } from "../codes";
import { go } from "../route";
import { useSession } from "../session";
import type { CaseView, Person } from "../types";
import { ConflictScreen } from "../ui/conflict";
import { CodeSelect, DateInput, ErrorBox, TextArea, TextInput } from "../ui/fields";
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
  const [person, setPerson] = useState<Person | null>(null);
  const [form, setForm] = useState<Form | null>(personId ? null : blank(role ?? "child"));
  const [error, setError] = useState("");
  const [conflict, setConflict] = useState<Person | null>(null);

  useEffect(() => {
    if (!personId) return;
    api<CaseView>("GET", `/cases/${caseId}`)
      .then((v) => {
        const p = v.people.find((x) => x.id === personId);
        if (!p) {
          setError("見つかりません。");
          return;
        }
        setPerson(p);
        setForm({ ...p, birth_date: p.birth_date ?? "" });
      })
      .catch((e) => setError(describeError(e)));
  }, [caseId, personId]);

  if (!form) return error ? <ErrorBox message={error} /> : <p role="status">読み込み中…</p>;
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const today = todayInJapan();

  const save = async (payload: Record<string, unknown>) => {
    setError("");
    try {
      if (person) await api<Person>("PATCH", `/people/${person.id}`, payload);
      else await api<Person>("POST", `/cases/${caseId}/people`, payload);
      go(`/cases/${caseId}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.current) {
        setConflict(e.current as Person);
        return;
      }
      setError(describeError(e, personLabels));
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const b = body(form);
    if (person) b.version = person.version;
    void save(b);
  };

  if (conflict && person) {
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
        title={`${person.name}さんの情報`}
        mine={body(form)}
        theirs={conflict as unknown as Record<string, unknown> & { version: number }}
        fields={[...personFields]}
        labels={personLabels}
        show={show}
        onSave={(merged) => {
          setPerson(conflict);
          setConflict(null);
          void save(merged);
        }}
        onCancel={() => go(`/cases/${caseId}`)}
      />
    );
  }

  const foreign = form.nationality !== "" && form.nationality !== "jp";
  return (
    <section aria-labelledby="person-title">
      <h1 id="person-title">
        {label(codes, "person_role", form.role)}の{person ? "情報を編集" : "追加"}
      </h1>
      <form onSubmit={submit} className="grid-form">
        <CodeSelect
          label="区分"
          codes={codes}
          list="person_role"
          name="role"
          value={form.role}
          on={today}
          required
          onChange={(v) => set({ role: v })}
        />
        <TextInput
          label="氏名"
          name="name"
          value={form.name}
          onChange={(v) => set({ name: v })}
          required
          maxLength={100}
        />
        <TextInput
          label="ふりがな"
          name="name_kana"
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
          value={form.sex}
          on={today}
          onChange={(v) => set({ sex: v })}
        />
        <CodeSelect
          label="続柄（児童から見て）"
          codes={codes}
          list="relationship"
          name="relationship"
          value={form.relationship}
          on={today}
          onChange={(v) => set({ relationship: v })}
        />
        <DateInput
          label="生年月日"
          name="birth_date"
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
          value={form.address}
          onChange={(v) => set({ address: v })}
          rows={2}
        />
        <CodeSelect
          label="所属の種類"
          codes={codes}
          list="affiliation_kind"
          name="school_kind"
          value={form.school.kind}
          on={today}
          onChange={(v) => set({ school: { ...form.school, kind: v } })}
        />
        <TextInput
          label="所属の名称（学校・園など）"
          name="school_name"
          value={form.school.name}
          onChange={(v) => set({ school: { ...form.school, name: v } })}
        />
        <TextInput
          label="学年（自動計算と異なる場合のみ）"
          name="grade_override"
          value={form.grade_override}
          onChange={(v) => set({ grade_override: v })}
        />
        <TextInput
          label="勤務先"
          name="workplace"
          value={form.workplace}
          onChange={(v) => set({ workplace: v })}
        />
        <TextInput
          label="健康状態"
          name="health"
          value={form.health}
          onChange={(v) => set({ health: v })}
        />
        <TextInput
          label="通院先"
          name="clinic"
          value={form.clinic}
          onChange={(v) => set({ clinic: v })}
        />
        <CodeSelect
          label="国籍"
          codes={codes}
          list="nationality"
          name="nationality"
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
            value={form.residence_status}
            on={today}
            onChange={(v) => set({ residence_status: v })}
          />
        ) : null}
        <ErrorBox message={error} />
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
