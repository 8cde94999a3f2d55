// The conflict (409) screen: someone saved the same record first. The three-way merge (merge.ts)
// has taken every field only one side changed; this screen asks only for the fields both changed,
// says who changed the record and when, and for a long text offers to keep both.
import { useState } from "react";
import { type Choice, type Merge, keepBoth, resolve } from "../merge";
import type { RecordChange } from "../types";
import { japanDateTime, wareki } from "../wareki";

interface Props {
  title: string;
  merge: Merge;
  version: number; // the server's current version, saved on top of
  changes: RecordChange[]; // who saved since the worker's version, newest first
  labels: Record<string, string>;
  long?: string[]; // fields whose texts may be kept both
  show?: (field: string, value: unknown) => string;
  onSave: (body: Record<string, unknown>) => void;
  onCancel: () => void;
}

function plain(value: unknown): string {
  if (value === null || value === undefined || value === "") return "（空欄）";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

// 「職員A さん（令和8年12月6日 10:32）」, each saver once, newest first.
export function whoChanged(changes: RecordChange[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const c of changes) {
    if (seen.has(c.user_id)) continue;
    seen.add(c.user_id);
    const at = japanDateTime(c.at);
    parts.push(`${c.user_name || "他の職員"}さん（${wareki(at.slice(0, 10))} ${at.slice(11)}）`);
  }
  return parts.join("、") || "他の職員";
}

export function ConflictScreen({
  title,
  merge,
  version,
  changes,
  labels,
  long = [],
  show,
  onSave,
  onCancel,
}: Props) {
  // Nothing preselected: each asked field is the worker's decision.
  const [choice, setChoice] = useState<Record<string, Choice | undefined>>({});
  const [missing, setMissing] = useState(false);
  const text = (f: string, v: unknown) => (show ? show(f, v) : plain(v));
  const who = whoChanged(changes);
  const theirsName = changes[0]?.user_name ? `${changes[0].user_name}さんの変更` : "他の人の変更";
  const takenTheirs = merge.taken.filter((t) => t.from === "theirs").map((t) => t.field);
  const save = () => {
    const body = resolve(merge, version, choice);
    if (!body) {
      setMissing(true);
      return;
    }
    onSave(body);
  };
  return (
    <section className="conflict" aria-labelledby="conflict-title">
      <h1 id="conflict-title">他の人が先に更新しました — {title}</h1>
      <p>
        あなたが編集している間に、{who}が同じ記録を更新しました。
        {merge.conflicts.length > 0
          ? "同じ項目を両方が変更したところだけ、残す内容を選んでください。"
          : ""}
      </p>
      {takenTheirs.length > 0 ? (
        <p>
          次の項目は相手の変更をそのまま取り込みました：
          {takenTheirs.map((f) => labels[f] ?? f).join("、")}
        </p>
      ) : null}
      {missing ? (
        <p className="error" role="alert">
          すべての項目で、残す内容を選んでください。
        </p>
      ) : null}
      {merge.conflicts.map((d) => (
        <fieldset key={d.field} className="conflict-field">
          <legend>{labels[d.field] ?? d.field}</legend>
          <p className="hint">変更前：{text(d.field, d.base)}</p>
          <label className="choice">
            <input
              type="radio"
              name={`choice-${d.field}`}
              checked={choice[d.field] === "mine"}
              onChange={() => setChoice({ ...choice, [d.field]: "mine" })}
            />
            <span>
              <strong>あなたの入力</strong>
              <span className="value">{text(d.field, d.mine)}</span>
            </span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name={`choice-${d.field}`}
              checked={choice[d.field] === "theirs"}
              onChange={() => setChoice({ ...choice, [d.field]: "theirs" })}
            />
            <span>
              <strong>{theirsName}</strong>
              <span className="value">{text(d.field, d.theirs)}</span>
            </span>
          </label>
          {long.includes(d.field) ? (
            <label className="choice">
              <input
                type="radio"
                name={`choice-${d.field}`}
                checked={choice[d.field] === "both"}
                onChange={() => setChoice({ ...choice, [d.field]: "both" })}
              />
              <span>
                <strong>両方を残す（相手の内容のあとに、あなたの追記）</strong>
                <span className="value">{keepBoth(d.base, d.mine, d.theirs)}</span>
              </span>
            </label>
          ) : null}
        </fieldset>
      ))}
      <div className="actions">
        <button type="button" className="primary" onClick={save}>
          選んだ内容で保存
        </button>
        <button type="button" onClick={onCancel}>
          編集を破棄して最新を表示
        </button>
      </div>
    </section>
  );
}
