// The conflict (409) screen: someone saved the same record first. Both versions side by side,
// field by field; the worker picks per field and saves on top of the current version.
import { useState } from "react";
import { differences, merged } from "../merge";

interface Props {
  title: string;
  mine: Record<string, unknown>;
  theirs: Record<string, unknown> & { version: number };
  fields: string[];
  labels: Record<string, string>;
  show?: (field: string, value: unknown) => string;
  onSave: (body: Record<string, unknown>) => void;
  onCancel: () => void;
}

function plain(value: unknown): string {
  if (value === null || value === undefined || value === "") return "（空欄）";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export function ConflictScreen({
  title,
  mine,
  theirs,
  fields,
  labels,
  show,
  onSave,
  onCancel,
}: Props) {
  const diffs = differences(mine, theirs, fields);
  const [choice, setChoice] = useState<Record<string, "mine" | "theirs">>(() =>
    Object.fromEntries(diffs.map((d) => [d.field, "mine" as const])),
  );
  const text = (f: string, v: unknown) => (show ? show(f, v) : plain(v));
  return (
    <section className="conflict" aria-labelledby="conflict-title">
      <h2 id="conflict-title">他の人が先に更新しました — {title}</h2>
      <p>
        あなたが編集している間に、同じ記録が更新されました。項目ごとに残す内容を選んでから保存してください。
      </p>
      {diffs.length === 0 ? <p>内容の違いはありません。</p> : null}
      {diffs.map((d) => (
        <fieldset key={d.field} className="conflict-field">
          <legend>{labels[d.field] ?? d.field}</legend>
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
              <strong>サーバーの最新</strong>
              <span className="value">{text(d.field, d.theirs)}</span>
            </span>
          </label>
        </fieldset>
      ))}
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={() => onSave(merged(mine, theirs, fields, choice))}
        >
          選んだ内容で保存
        </button>
        <button type="button" onClick={onCancel}>
          編集を破棄して最新を表示
        </button>
      </div>
    </section>
  );
}
