// The visit record (相談記録) written on the doorstep: saved to the server as it is typed
// (debounced, never mid-word while the IME composes), with a clear saved/unsaved state. While
// the connection is down the text stays in memory and is retried — never written to storage.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api, describeError } from "../api";
import { Autosave, type SaveState } from "../autosave";
import { label } from "../codes";
import { dropDraft, getDraft, setDraft, useLeaveGuard } from "../drafts";
import { go } from "../route";
import { useSession } from "../session";
import type { CaseView, Consultation, Page } from "../types";
import { ConflictScreen } from "../ui/conflict";
import { resolve, threeWay } from "../merge";
import { CodeSelect, DateInput, ErrorBox, Field, LoadError } from "../ui/fields";
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

// What the form keeps in memory while its text is not on the server (drafts.ts): the idle lock
// unmounts the form, and the form mounted again after unlocking continues from here and saves.
interface VisitDraft {
  form: Form;
  id: string | undefined; // the record, once created
  version: number;
  base: Form | null; // the record at that version
}

function pick(c: Form): Form {
  return { date: c.date, type: c.type, method: c.method, content: c.content };
}

// The ancestor as a record: a new one (nothing saved yet) has none.
function baseOf(f: Form | null): Record<string, unknown> {
  return f ? { ...f } : {};
}

export function VisitForm({ caseId, consultationId }: { caseId: string; consultationId?: string }) {
  const { codes } = useSession();
  const draftKey = `visit:${caseId}:${consultationId ?? "new"}`;
  useLeaveGuard(draftKey);
  const [form, setForm] = useState<Form | null>(null);
  const [state, setState] = useState<SaveState>("saved");
  const [problem, setProblem] = useState<unknown>(null);
  const [loadError, setLoadError] = useState("");
  const idRef = useRef<string | undefined>(consultationId);
  const versionRef = useRef(0);
  const formRef = useRef<Form | null>(null);
  const saver = useRef<Autosave<Form> | null>(null);
  // The record as last read or saved: the common ancestor of a three-way merge (merge.ts).
  const baseRef = useRef<Form | null>(null);
  // The text not yet on the server, kept in memory beyond this form's life (drafts.ts).
  const keepDraft = useCallback(() => {
    if (!formRef.current) return;
    setDraft<VisitDraft>(
      draftKey,
      {
        form: formRef.current,
        id: idRef.current,
        version: versionRef.current,
        base: baseRef.current,
      },
      true,
    );
  }, [draftKey]);
  const [attempt, setAttempt] = useState(0);
  const retryLoad = useCallback(() => {
    setLoadError("");
    setAttempt((a) => a + 1);
  }, []);
  // A read that failed for want of a connection is tried again when it is back.
  useEffect(() => {
    if (!loadError) return;
    window.addEventListener("online", retryLoad);
    return () => window.removeEventListener("online", retryLoad);
  }, [loadError, retryLoad]);

  useEffect(() => {
    const autosave = new Autosave<Form>({
      delayMs: 800,
      retryMs: 3000,
      save: async (value) => {
        if (!idRef.current) {
          const created = await api<Consultation>("POST", `/cases/${caseId}/consultations`, value);
          idRef.current = created.id;
          versionRef.current = created.version;
          baseRef.current = value;
        } else {
          let sent: Form = value;
          let updated: Consultation;
          try {
            updated = await api<Consultation>("PATCH", `/consultations/${idRef.current}`, {
              version: versionRef.current,
              ...value,
            });
          } catch (e) {
            // Someone saved this record meanwhile. Fields only one side changed merge without
            // asking; only a field both changed goes to the conflict screen (the error).
            if (!(e instanceof ApiError && e.status === 409 && e.current)) throw e;
            const theirs = e.current as Consultation;
            const merge = threeWay(baseOf(baseRef.current), { ...value }, { ...theirs }, fields);
            if (merge.conflicts.length > 0) throw e;
            sent = resolve(merge, theirs.version, {}) as unknown as Form;
            updated = await api<Consultation>("PATCH", `/consultations/${idRef.current}`, sent);
            const fromTheirs = merge.taken.filter((t) => t.from === "theirs");
            if (fromTheirs.length > 0 && formRef.current) {
              // The other's changes appear on screen and are part of what is saved next.
              const next = { ...formRef.current };
              for (const t of fromTheirs)
                (next as Record<string, unknown>)[t.field] = merge.values[t.field];
              formRef.current = next;
              setForm(next);
              saver.current?.change(next);
            }
          }
          versionRef.current = updated.version;
          baseRef.current = pick(sent);
        }
      },
      onState: (s, e) => {
        setState(s);
        setProblem(e ?? null);
        if (s === "saved") dropDraft(draftKey);
        else keepDraft();
      },
    });
    saver.current = autosave;
    return () => autosave.stop();
  }, [caseId, draftKey, keepDraft]);

  useEffect(() => {
    let live = true;
    const draft = getDraft<VisitDraft>(draftKey);
    if (draft) {
      // Back from the lock screen: the unsaved text, then saved.
      idRef.current = draft.id;
      versionRef.current = draft.version;
      baseRef.current = draft.base;
      formRef.current = draft.form;
      setForm(draft.form);
      setState("dirty");
      saver.current?.change(draft.form);
      return;
    }
    const load = async () => {
      if (consultationId) {
        const page = await api<Page<Consultation>>(
          "GET",
          `/cases/${caseId}/consultations?limit=200`,
        );
        const c = page.items.find((x) => x.id === consultationId);
        if (!c) throw new ApiError(404, "not_found", "no such consultation");
        versionRef.current = c.version;
        baseRef.current = pick(c);
        return pick(c);
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
  }, [caseId, consultationId, draftKey, attempt]);

  if (loadError) return <LoadError message={loadError} onRetry={retryLoad} />;
  if (!form) return <p role="status">読み込み中…</p>;

  const update = (patch: Partial<Form>, composing = false) => {
    const next = { ...(formRef.current as Form), ...patch };
    formRef.current = next;
    setForm(next);
    keepDraft();
    if (!composing) saver.current?.change(next);
  };

  const finish = async () => {
    await saver.current?.flush();
    if (saver.current?.current === "saved") go(`/cases/${caseId}`);
  };

  if (state === "conflict" && problem instanceof ApiError && problem.current) {
    const theirs = problem.current as Consultation;
    const merge = threeWay(baseOf(baseRef.current), { ...form }, { ...theirs }, fields);
    const show = (f: string, v: unknown) => {
      if (f === "type") return label(codes, "consultation_type", String(v));
      if (f === "method") return label(codes, "consultation_method", String(v));
      return String(v ?? "") || "（空欄）";
    };
    return (
      <ConflictScreen
        title="相談記録"
        merge={merge}
        version={theirs.version}
        changes={problem.changes}
        labels={labels}
        long={["content"]}
        show={show}
        onSave={(merged) => {
          void (async () => {
            try {
              const saved = await api<Consultation>("PATCH", `/consultations/${theirs.id}`, merged);
              versionRef.current = saved.version;
              const f = pick(saved);
              baseRef.current = f;
              formRef.current = f;
              setForm(f);
              // What waits to be saved is now the merged record (not the refused one).
              saver.current?.change(f);
              saver.current?.resume();
            } catch (e) {
              setProblem(e);
              setState("error");
            }
          })();
        }}
        onCancel={() => {
          dropDraft(draftKey);
          go(`/cases/${caseId}`);
        }}
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
              keepDraft();
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
