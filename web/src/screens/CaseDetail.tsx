// Case detail: header, people with their items, 世帯の状況, and a timeline of 相談記録, 経過記録 and
// 対応方針, newest first; progress notes with the correction flow; 対応方針 for supervisors.
import { useLayoutEffect, useMemo, useState, type FormEvent } from "react";
import { api, describeError } from "../api";
import { label } from "../codes";
import { go } from "../route";
import { unitName, useSession } from "../session";
import type { CaseView, Consultation, Note, Page, Person, Policy } from "../types";
import { DateInput, DateText, ErrorBox, LoadError, TextArea, TextInput } from "../ui/fields";
import { useLoad } from "../load";
import { useDraftText } from "../drafts";
import { japanDate, japanDateTime } from "../wareki";

type Entry =
  | { kind: "consultation"; at: string; item: Consultation }
  | { kind: "note"; at: string; item: Note }
  | { kind: "policy"; at: string; item: Policy };

interface Loaded {
  view: CaseView;
  consultations: Consultation[];
  notes: Note[];
  policies: Policy[];
}

const roles = ["consulter", "child", "guardian", "relative", "expectant_mother"];

export function timeline(d: Loaded): Entry[] {
  const entries: Entry[] = [
    ...d.consultations.map((c) => ({ kind: "consultation" as const, at: `${c.date}T99`, item: c })),
    ...d.notes.map((n) => ({ kind: "note" as const, at: n.at, item: n })),
    ...d.policies.map((p) => ({ kind: "policy" as const, at: p.decided_at, item: p })),
  ];
  // Consultations carry a day, the others an instant: a day sorts after every instant of an
  // earlier day and before the instants of its own day ends ("T99" > "T23:59").
  const key = (e: Entry) =>
    e.kind === "consultation" ? e.at : `${japanDate(e.at)}T${japanDateTime(e.at).slice(11)}`;
  return entries.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
}

export function CaseDetail({ caseId }: { caseId: string }) {
  const session = useSession();
  const {
    data,
    error,
    retry: reload,
  } = useLoad<Loaded>(`case:${caseId}`, async () => {
    performance.clearMarks("case-data");
    const [view, consultations, notes, policies] = await Promise.all([
      api<CaseView>("GET", `/cases/${caseId}`),
      api<Page<Consultation>>("GET", `/cases/${caseId}/consultations?limit=200`),
      api<Page<Note>>("GET", `/cases/${caseId}/notes?limit=200`),
      api<Page<Policy>>("GET", `/cases/${caseId}/policies?limit=200`),
    ]);
    performance.mark("case-data");
    return {
      view,
      consultations: consultations.items,
      notes: notes.items,
      policies: policies.items,
    };
  });

  // Render time of the detail: from the data's arrival to the committed DOM.
  useLayoutEffect(() => {
    if (!data || performance.getEntriesByName("case-data").length === 0) return;
    performance.mark("case-rendered");
    performance.measure("case-render", "case-data", "case-rendered");
    performance.clearMarks("case-data");
  }, [data]);

  const entries = useMemo(() => (data ? timeline(data) : []), [data]);
  if (!data) {
    if (error) return <LoadError message={error} onRetry={reload} />;
    return <p role="status">読み込み中…</p>;
  }
  const c = data.view;
  const codes = session.codes;
  const correctedIds = new Set(
    data.notes.filter((n) => n.corrects).map((n) => n.corrects as string),
  );
  const notesById = new Map(data.notes.map((n) => [n.id, n]));

  return (
    <article aria-labelledby="case-title">
      <div className="title-row">
        <h1 id="case-title">ケース {c.number}</h1>
        <div className="actions">
          <button type="button" className="primary" onClick={() => go(`/cases/${c.id}/visit`)}>
            相談記録を書く
          </button>
          <button type="button" onClick={() => go(`/cases/${c.id}/edit`)}>
            ケースを編集
          </button>
        </div>
      </div>
      <dl className="case-header">
        <dt>状況</dt>
        <dd>{label(codes, "case_status", c.status)}</dd>
        <dt>受理日時</dt>
        <dd>
          <DateText date={japanDate(c.received_on)} /> {japanDateTime(c.received_on).slice(11)}
        </dd>
        <dt>相談種別</dt>
        <dd>
          {label(codes, "consultation_type", c.consultation_type.code)}
          {c.consultation_type.abuse_types.length
            ? `（${c.consultation_type.abuse_types.map((t) => label(codes, "consultation_type", t)).join("・")}）`
            : ""}
          {c.consultation_type.witnessed_dv ? "・面前DV" : ""}
        </dd>
        <dt>相談経路</dt>
        <dd>{label(codes, "referral_route", c.referral_route)}</dd>
        <dt>要対協</dt>
        <dd>{c.yotaikyo_class ? label(codes, "yotaikyo_class", c.yotaikyo_class) : "登録なし"}</dd>
        <dt>担当センター</dt>
        <dd>{unitName(session, c.unit_id)}</dd>
      </dl>
      <section aria-labelledby="household-title">
        <h2 id="household-title">世帯の状況</h2>
        <p className="prewrap">{c.household || "（未記入）"}</p>
      </section>

      <section aria-labelledby="people-title">
        <h2 id="people-title">関係者</h2>
        <ul className="people">
          {c.people.map((p) => (
            <PersonCard key={p.id} person={p} caseId={c.id} />
          ))}
        </ul>
        <div className="actions wrap">
          {roles.map((r) => (
            <button key={r} type="button" onClick={() => go(`/cases/${c.id}/people/new?role=${r}`)}>
              {label(codes, "person_role", r)}を追加
            </button>
          ))}
        </div>
      </section>

      <NoteForm caseId={c.id} onSaved={reload} />
      {session.user.role === "supervisor" ? <PolicyForm caseId={c.id} onSaved={reload} /> : null}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">経過（新しい順）</h2>
        <ol className="timeline">
          {entries.map((e) => (
            <li key={e.item.id} className={`entry entry-${e.kind}`}>
              {e.kind === "consultation" ? (
                <ConsultationEntry c={e.item} caseId={c.id} />
              ) : e.kind === "note" ? (
                <NoteEntry
                  n={e.item}
                  corrected={correctedIds.has(e.item.id)}
                  original={e.item.corrects ? notesById.get(e.item.corrects) : undefined}
                  onSaved={reload}
                />
              ) : (
                <PolicyEntry p={e.item} />
              )}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

function PersonCard({ person: p, caseId }: { person: Person; caseId: string }) {
  const { codes } = useSession();
  const row = (k: string, v: React.ReactNode) =>
    v ? (
      <>
        <dt>{k}</dt>
        <dd>{v}</dd>
      </>
    ) : null;
  return (
    <li className="person">
      <h3>
        <span className="role">{label(codes, "person_role", p.role)}</span> {p.name}
        {p.name_kana ? <span className="kana">（{p.name_kana}）</span> : null}
      </h3>
      <dl>
        {row("性別", label(codes, "sex", p.sex))}
        {row("続柄", label(codes, "relationship", p.relationship))}
        {row("生年月日", p.birth_date ? <DateText date={p.birth_date} /> : null)}
        {row("年齢", p.age !== null ? `${p.age}歳（自動計算）` : null)}
        {row("学年", p.grade ? `${p.grade}${p.grade_override ? "" : "（自動計算）"}` : null)}
        {row("住所", p.address)}
        {row(
          "所属",
          p.school.kind || p.school.name
            ? `${label(codes, "affiliation_kind", p.school.kind)} ${p.school.name}`
            : null,
        )}
        {row("勤務先", p.workplace)}
        {row("健康状態", p.health)}
        {row("通院先", p.clinic)}
        {row("国籍", label(codes, "nationality", p.nationality))}
        {row("在留資格", label(codes, "residence_status", p.residence_status))}
      </dl>
      <button type="button" onClick={() => go(`/cases/${caseId}/people/${p.id}`)}>
        {p.name}さんの情報を編集
      </button>
    </li>
  );
}

function ConsultationEntry({ c, caseId }: { c: Consultation; caseId: string }) {
  const { codes } = useSession();
  return (
    <>
      <p className="entry-head">
        <span className="kind">相談記録</span> <DateText date={c.date} />{" "}
        {label(codes, "consultation_method", c.method)}・{label(codes, "consultation_type", c.type)}
      </p>
      <p className="prewrap">{c.content || "（内容未記入）"}</p>
      <button type="button" onClick={() => go(`/cases/${caseId}/visit/${c.id}`)}>
        この相談記録を続けて書く
      </button>
    </>
  );
}

function NoteEntry({
  n,
  corrected,
  original,
  onSaved,
}: {
  n: Note;
  corrected: boolean;
  original: Note | undefined;
  onSaved: () => void;
}) {
  const [correcting, setCorrecting] = useState(false);
  const [body, setBody] = useState(n.body);
  const [error, setError] = useState("");
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api("POST", `/cases/${n.case_id}/notes`, { body, corrects: n.id });
      setCorrecting(false);
      onSaved();
    } catch (err) {
      setError(describeError(err, { body: "訂正内容" }));
    }
  };
  return (
    <>
      <p className="entry-head">
        <span className="kind">{n.corrects ? "経過記録（訂正）" : "経過記録"}</span>{" "}
        <DateText date={japanDate(n.at)} /> {japanDateTime(n.at).slice(11)}
        {corrected ? <span className="badge">訂正あり</span> : null}
      </p>
      {n.corrects ? (
        <p className="hint">
          訂正元：{original ? `${japanDateTime(original.at)} の記録` : "以前の記録"}
          （元の記録も残っています）
        </p>
      ) : null}
      <p className="prewrap">{n.body}</p>
      {correcting ? (
        <form onSubmit={(e) => void save(e)}>
          <TextArea
            label="訂正後の内容"
            name={`correction-${n.id}`}
            value={body}
            onChange={setBody}
            required
            rows={4}
          />
          <ErrorBox message={error} />
          <div className="actions">
            <button type="submit" className="primary">
              訂正を記録
            </button>
            <button type="button" onClick={() => setCorrecting(false)}>
              やめる
            </button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => setCorrecting(true)}>
          この記録を訂正
        </button>
      )}
    </>
  );
}

function PolicyEntry({ p }: { p: Policy }) {
  return (
    <>
      <p className="entry-head">
        <span className="kind">対応方針</span> <DateText date={japanDate(p.decided_at)} />
      </p>
      <p className="prewrap">{p.body}</p>
      {p.next_action ? (
        <p>
          次の対応：{p.next_action}
          {p.next_action_on ? (
            <>
              （<DateText date={p.next_action_on} />）
            </>
          ) : null}
        </p>
      ) : null}
    </>
  );
}

function NoteForm({ caseId, onSaved }: { caseId: string; onSaved: () => void }) {
  const [body, setBody, clearBody] = useDraftText(`note:${caseId}`);
  const [error, setError] = useState("");
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api("POST", `/cases/${caseId}/notes`, { body });
      clearBody();
      setError("");
      onSaved();
    } catch (err) {
      setError(describeError(err, { body: "経過記録" }));
    }
  };
  return (
    <section aria-labelledby="note-title">
      <h2 id="note-title">経過記録を追加</h2>
      <form onSubmit={(e) => void save(e)}>
        <TextArea label="経過記録" name="note" value={body} onChange={setBody} required rows={3} />
        <ErrorBox message={error} />
        <button type="submit" className="primary">
          記録する
        </button>
      </form>
    </section>
  );
}

function PolicyForm({ caseId, onSaved }: { caseId: string; onSaved: () => void }) {
  const [body, setBody, clearBody] = useDraftText(`policy:${caseId}`);
  const [next, setNext, clearNext] = useDraftText(`policy-next:${caseId}`);
  const [on, setOn] = useState("");
  const [error, setError] = useState("");
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api("POST", `/cases/${caseId}/policies`, {
        body,
        next_action: next,
        next_action_on: on || null,
      });
      clearBody();
      clearNext();
      setOn("");
      onSaved();
    } catch (err) {
      setError(
        describeError(err, { body: "方針", next_action: "次の対応", next_action_on: "期日" }),
      );
    }
  };
  return (
    <section aria-labelledby="policy-title">
      <h2 id="policy-title">対応方針を決定</h2>
      <form onSubmit={(e) => void save(e)}>
        <TextArea label="方針" name="policy" value={body} onChange={setBody} required rows={3} />
        <TextInput label="次の対応" name="next_action" value={next} onChange={setNext} />
        <DateInput label="期日" name="next_action_on" value={on} onChange={setOn} />
        <ErrorBox message={error} />
        <button type="submit" className="primary">
          方針を記録
        </button>
      </form>
    </section>
  );
}
