// The visit record (相談記録) written on the doorstep: saved to the server as it is typed
// (debounced, never mid-word while the IME composes), with a clear saved/unsaved state. While
// the connection is down the text stays in memory and is retried — never written to storage.
import { useEffect, useRef, useState } from "react";
import { ApiError, api, describeError } from "../api";
import { Autosave, type SaveState } from "../autosave";
import { label } from "../codes";
import { go } from "../route";
import { useSession } from "../session";
import type { CaseView, Consultation, Page } from "../types";
import { ConflictScreen } from "../ui/conflict";
import { CodeSelect, DateInput, ErrorBox, Field } from "../ui/fields";
import { todayInJapan } from "../wareki";

interface Form {
  date: string;
  type: string;
  method: string;
  content: string;
}

const fields = ["date", "type", "method", "content"];
const labels: Record<string, string> = {
  date: "相談日",
  type: "相談種別",
  method: "方法",
  content: "内容",
};

const stateText: Record<SaveState, string> = {
  saved: "保存済み",
  dirty: "未保存（入力中）",
  saving: "保存中…",
  offline: "未保存：接続を待っています（入力は画面上に保持しています）",
  conflict: "未保存：他の人が先に更新しました",
  error: "未保存：保存できませんでした",
};

export function VisitForm({ caseId, consultationId }: { caseId: string; consultationId?: string }) {
  const { codes } = useSession();
  const [form, setForm] = useState<Form | null>(null);
  const [state, setState] = useState<SaveState>("saved");
  const [problem, setProblem] = useState<unknown>(null);
  const [loadError, setLoadError] = useState("");
  const idRef = useRef<string | undefined>(consultationId);
  const versionRef = useRef(0);
  const formRef = useRef<Form | null>(null);
  const saver = useRef<Autosave<Form> | null>(null);

  useEffect(() => {
    const autosave = new Autosave<Form>({
      delayMs: 800,
      retryMs: 3000,
      save: async (value) => {
        if (!idRef.current) {
          const created = await api<Consultation>("POST", `/cases/${caseId}/consultations`, value);
          idRef.current = created.id;
          versionRef.current = created.version;
        } else {
          const updated = await api<Consultation>("PATCH", `/consultations/${idRef.current}`, {
            version: versionRef.current,
            ...value,
          });
          versionRef.current = updated.version;
        }
      },
      onState: (s, e) => {
        setState(s);
        setProblem(e ?? null);
      },
    });
    saver.current = autosave;
    return () => autosave.stop();
  }, [caseId]);

  useEffect(() => {
    let live = true;
    const load = async () => {
      if (consultationId) {
        const page = await api<Page<Consultation>>(
          "GET",
          `/cases/${caseId}/consultations?limit=200`,
        );
        const c = page.items.find((x) => x.id === consultationId);
        if (!c) throw new ApiError(404, "not_found", "no such consultation");
        versionRef.current = c.version;
        return { date: c.date, type: c.type, method: c.method, content: c.content };
      }
      const view = await api<CaseView>("GET", `/cases/${caseId}`);
      return {
        date: todayInJapan(),
        type: view.consultation_type.code,
        method: "home_visit",
        content: "",
      };
    };
    load()
      .then((f) => {
        if (!live) return;
        formRef.current = f;
        setForm(f);
      })
      .catch((e) => live && setLoadError(describeError(e)));
    return () => {
      live = false;
    };
  }, [caseId, consultationId]);

  if (loadError) return <ErrorBox message={loadError} />;
  if (!form) return <p role="status">読み込み中…</p>;

  const update = (patch: Partial<Form>, composing = false) => {
    const next = { ...(formRef.current as Form), ...patch };
    formRef.current = next;
    setForm(next);
    if (!composing) saver.current?.change(next);
  };

  const finish = async () => {
    await saver.current?.flush();
    if (saver.current?.current === "saved") go(`/cases/${caseId}`);
  };

  if (state === "conflict" && problem instanceof ApiError && problem.current) {
    const theirs = problem.current as Consultation;
    const show = (f: string, v: unknown) => {
      if (f === "type") return label(codes, "consultation_type", String(v));
      if (f === "method") return label(codes, "consultation_method", String(v));
      return String(v ?? "") || "（空欄）";
    };
    return (
      <ConflictScreen
        title="相談記録"
        mine={form as unknown as Record<string, unknown>}
        theirs={theirs as unknown as Record<string, unknown> & { version: number }}
        fields={fields}
        labels={labels}
        show={show}
        onSave={(merged) => {
          void (async () => {
            try {
              const saved = await api<Consultation>("PATCH", `/consultations/${theirs.id}`, merged);
              versionRef.current = saved.version;
              const f = {
                date: saved.date,
                type: saved.type,
                method: saved.method,
                content: saved.content,
              };
              formRef.current = f;
              setForm(f);
              setState("saved");
              saver.current?.resume();
            } catch (e) {
              setProblem(e);
              setState("error");
            }
          })();
        }}
        onCancel={() => go(`/cases/${caseId}`)}
      />
    );
  }

  const today = todayInJapan();
  return (
    <section aria-labelledby="visit-title" className="visit">
      <h1 id="visit-title">相談記録</h1>
      <div className="grid-form">
        <DateInput
          label="相談日"
          name="date"
          value={form.date}
          onChange={(v) => update({ date: v })}
          required
          max={today}
        />
        <CodeSelect
          label="相談種別"
          codes={codes}
          list="consultation_type"
          name="type"
          value={form.type}
          on={form.date || today}
          required
          filter={(e) => !e.parent}
          onChange={(v) => update({ type: v })}
        />
        <CodeSelect
          label="方法"
          codes={codes}
          list="consultation_method"
          name="method"
          value={form.method}
          on={form.date || today}
          required
          onChange={(v) => update({ method: v })}
        />
      </div>
      <Field label="内容">
        {(id) => (
          <textarea
            id={id}
            name="content"
            className="visit-text"
            rows={12}
            value={form.content}
            onCompositionStart={() => saver.current?.compositionStart()}
            onCompositionEnd={(e) => {
              const next = { ...(formRef.current as Form), content: e.currentTarget.value };
              formRef.current = next;
              setForm(next);
              saver.current?.compositionEnd(next);
            }}
            onChange={(e) =>
              update(
                { content: e.target.value },
                (e.nativeEvent as InputEvent).isComposing === true,
              )
            }
          />
        )}
      </Field>
      <div className={`save-bar save-${state}`}>
        <p role="status" aria-live="polite" className="save-state">
          {state === "saved" && !idRef.current
            ? "未入力（入力すると自動で保存します）"
            : stateText[state]}
        </p>
        {state === "error" ? <ErrorBox message={describeError(problem, labels)} /> : null}
        {state === "error" ? (
          <button type="button" onClick={() => saver.current?.resume()}>
            もう一度保存
          </button>
        ) : null}
        <button type="button" className="primary" onClick={() => void finish()}>
          保存して戻る
        </button>
      </div>
    </section>
  );
}
