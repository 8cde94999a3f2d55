import { useState, type FormEvent } from "react";
import { api, ApiError, describeError } from "../api";
import { hasMessage, messageFor } from "../messages";
import type { Session } from "../session";
import type { CodeLists, Page, Settings, Unit, User } from "../types";
import { ErrorBox, TextInput, Field } from "../ui/fields";

interface Props {
  settings: Settings;
  notice: string;
  onSignedIn: (session: Session) => void;
}

// Refused sign-ins in a row on this screen after which the lockout rule is stated too.
export const failuresBeforeRule = 2;

// A refused sign-in: one message whatever was wrong (the server never says whether a login
// exists or is locked); after repeated failures also the lockout rule (how many tries, how long,
// whom to call), so a locked-out user knows what happened.
export function signInRefusedMessage(settings: Settings, failures = failuresBeforeRule): string {
  const message = "自治体ID・職員ID・パスワードのいずれかが違います。";
  if (failures < failuresBeforeRule) return message;
  if (!settings.max_failed_logins || !settings.lockout_seconds) {
    return `${message}続けて間違えるとアカウントが一定時間ロックされます。お困りのときはシステム管理者にお問い合わせください。`;
  }
  const minutes = Math.ceil(settings.lockout_seconds / 60);
  return (
    `${message}${settings.max_failed_logins}回続けて間違えると、アカウントは${minutes}分間ロックされます。` +
    "ロックを急いで解除したいときは、システム管理者にお問い合わせください。"
  );
}

// The message of a refused sign-in of any kind, in Japanese.
export function signInErrorMessage(err: unknown, settings: Settings, failures: number): string {
  if (err instanceof ApiError && err.status === 401) {
    if (
      err.code === "invalid_credentials" ||
      err.code === "account_locked" ||
      !hasMessage(err.code)
    )
      return signInRefusedMessage(settings, failures);
    return messageFor(err.code, "");
  }
  return describeError(err, { tenant: "自治体ID", login: "職員ID", password: "パスワード" });
}

export function Login({ settings, notice, onSignedIn }: Props) {
  const [tenant, setTenant] = useState("");
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState(0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const { user, session } = await api<{ user: User; session: { tenant: string } }>(
        "POST",
        "/login",
        { tenant, login, password },
      );
      setPassword("");
      const [codes, units] = await Promise.all([
        api<CodeLists>("GET", "/codes"),
        api<Page<Unit>>("GET", "/units"),
      ]);
      onSignedIn({ tenant: session.tenant, user, settings, codes, units: units.items });
    } catch (err) {
      setPassword("");
      const refused = err instanceof ApiError && err.status === 401;
      const count = refused ? failures + 1 : failures;
      if (refused) setFailures(count);
      setError(signInErrorMessage(err, settings, count));
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
