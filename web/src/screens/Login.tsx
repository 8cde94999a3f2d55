import { useState, type FormEvent } from "react";
import { api, describeError } from "../api";
import type { Session } from "../session";
import type { CodeLists, Page, Settings, Unit, User } from "../types";
import { ErrorBox, TextInput, Field } from "../ui/fields";

interface Props {
  settings: Settings;
  notice: string;
  onSignedIn: (session: Session) => void;
}

export function Login({ settings, notice, onSignedIn }: Props) {
  const [tenant, setTenant] = useState("");
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const { user } = await api<{ user: User }>("POST", "/login", { tenant, login, password });
      setPassword("");
      const [codes, units] = await Promise.all([
        api<CodeLists>("GET", "/codes"),
        api<Page<Unit>>("GET", "/units"),
      ]);
      onSignedIn({ user, settings, codes, units: units.items });
    } catch (err) {
      setPassword("");
      setError(describeError(err, { tenant: "自治体ID", login: "職員ID", password: "パスワード" }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="login" aria-labelledby="login-title">
      <h1 id="login-title">寄り添い — サインイン</h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)}>
        <TextInput label="自治体ID" name="tenant" value={tenant} onChange={setTenant} required />
        <TextInput label="職員ID" name="login" value={login} onChange={setLogin} required />
        <Field label="パスワード（必須）">
          {(id) => (
            <input
              id={id}
              name="password"
              type="password"
              value={password}
              required
              autoComplete="off"
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <ErrorBox message={error} />
        <button type="submit" className="primary" disabled={busy}>
          サインイン
        </button>
      </form>
      <p className="hint">
        この端末には何も保存されません。{Math.round(settings.idle_lock_seconds / 60)}
        分間操作がないと自動でロックされます。
      </p>
    </section>
  );
}
