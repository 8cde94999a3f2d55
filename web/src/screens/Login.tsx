import { useState, type FormEvent } from "react";
import { api, ApiError, describeError } from "../api";
import type { Session } from "../session";
import type { CodeLists, Page, Settings, Unit, User } from "../types";
import { ErrorBox, TextInput, Field } from "../ui/fields";

interface Props {
  settings: Settings;
  notice: string;
  onSignedIn: (session: Session) => void;
}

// A refused sign-in: one message whatever was wrong (the server never says whether a login
// exists or is locked), with the lockout rule so a locked-out user knows what happened.
export function signInRefusedMessage(settings: Settings): string {
  const message = "自治体ID・職員ID・パスワードのいずれかが違います。";
  if (!settings.max_failed_logins || !settings.lockout_seconds) return message;
  const minutes = Math.ceil(settings.lockout_seconds / 60);
  return (
    `${message}${settings.max_failed_logins}回続けて間違えると、アカウントは${minutes}分間ロックされます。` +
    "解除を急ぐときは管理者に連絡してください。"
  );
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
      if (err instanceof ApiError && err.code === "invalid_credentials") {
        setError(signInRefusedMessage(settings));
      } else {
        setError(
          describeError(err, { tenant: "自治体ID", login: "職員ID", password: "パスワード" }),
        );
      }
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
