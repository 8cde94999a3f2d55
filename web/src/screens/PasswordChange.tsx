import { useState, type FormEvent } from "react";
import { api, describeError } from "../api";
import { ErrorBox, Field } from "../ui/fields";

export function PasswordChange({ onDone }: { onDone: () => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState("");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== again) {
      setError("新しいパスワードが一致しません。");
      return;
    }
    try {
      await api("POST", "/me/password", { current_password: current, new_password: next });
      onDone();
    } catch (err) {
      setError(
        describeError(err, {
          current_password: "現在のパスワード",
          new_password: "新しいパスワード",
        }),
      );
    }
  };
  const input = (label: string, value: string, set: (v: string) => void, name: string) => (
    <Field label={label}>
      {(id) => (
        <input
          id={id}
          name={name}
          type="password"
          value={value}
          required
          autoComplete="off"
          onChange={(e) => set(e.target.value)}
        />
      )}
    </Field>
  );
  return (
    <section aria-labelledby="pw-title">
      <h1 id="pw-title">パスワードの変更</h1>
      <p>仮のパスワードでサインインしました。新しいパスワードを設定してください。</p>
      <form onSubmit={(e) => void submit(e)}>
        {input("現在のパスワード", current, setCurrent, "current_password")}
        {input("新しいパスワード", next, setNext, "new_password")}
        {input("新しいパスワード（確認）", again, setAgain, "new_password_again")}
        <ErrorBox message={error} />
        <button type="submit" className="primary">
          変更する
        </button>
      </form>
    </section>
  );
}
