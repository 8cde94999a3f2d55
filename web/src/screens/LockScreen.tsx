// The lock screen (the idle lock, or 画面を隠す). The screens are unmounted — the page holds no
// case data — while the session stays on the server (it ends by its own idle timeout). The
// signed-in user's password unlocks (checked by the server, counted toward the account lockout);
// when the session ended meanwhile, the same password signs the same user in again. Unsaved form
// text waits in memory (drafts.ts) and is back on its screen after unlocking.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, NetworkError, api, describeError } from "../api";
import { useDrafts } from "../drafts";
import { messageFor } from "../messages";
import type { Session } from "../session";
import type { User } from "../types";
import { ErrorBox, Field } from "../ui/fields";

interface Props {
  session: Session;
  reason: "idle" | "hidden";
  onUnlocked: (user?: User) => void; // the account as signed in again, when it had to be
  onSignOut: () => void;
}

function lockoutRule(session: Session): string {
  const { max_failed_logins: tries, lockout_seconds: seconds } = session.settings;
  if (!tries || !seconds) return "続けて間違えるとアカウントが一定時間ロックされます。";
  return `${tries}回続けて間違えると、アカウントは${Math.ceil(seconds / 60)}分間ロックされます。`;
}

export function LockScreen({ session, reason, onUnlocked, onSignOut }: Props) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const drafts = useDrafts();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const refused = (e: unknown): string => {
    if (e instanceof ApiError && (e.code === "wrong_password" || e.code === "invalid_credentials"))
      return `パスワードが違います。${lockoutRule(session)}お困りのときはシステム管理者にお問い合わせください。`;
    if (e instanceof ApiError && e.code === "account_locked") return messageFor(e.code, "");
    if (e instanceof NetworkError)
      return "サーバーに接続できません。通信が戻ってから、もう一度お試しください。入力中の内容はそのまま保持しています。";
    return describeError(e, { password: "パスワード" });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      await api("POST", "/session/unlock", { password });
      setPassword("");
      onUnlocked();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        // The session ended on the server (its idle timeout): the same user signs in again.
        try {
          const { user } = await api<{ user: User }>("POST", "/login", {
            tenant: session.tenant,
            login: session.user.login,
            password,
          });
          setPassword("");
          if (user.id === session.user.id) onUnlocked(user);
          else onSignOut();
          return;
        } catch (again) {
          setError(refused(again));
        }
      } else {
        setError(refused(err));
      }
      setPassword("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="lock" aria-labelledby="lock-title">
      <h1 id="lock-title" tabIndex={-1} ref={heading}>
        画面をロックしました
      </h1>
      <p>
        {reason === "idle"
          ? "一定時間操作がなかったため、画面をロックしました。"
          : "画面を隠しました。"}
        {session.user.name}さんのパスワードで解除できます。
      </p>
      {drafts.count > 0 ? (
        <p className="lock-drafts" role="note">
          まだ保存されていない入力内容があります。内容はこのページのメモリ上にだけあり、端末には保存していません。ロックを解除すると元の画面に戻り
          {drafts.autosave > 0
            ? "、相談記録は自動で保存します"
            : "ます。保存ボタンで保存してください"}
          。ページを閉じたり再読み込みしたりすると失われます。
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)} className="grid-form">
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
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !password}>
            ロックを解除
          </button>
          <button type="button" onClick={onSignOut}>
            サインアウト{drafts.count > 0 ? "（未保存の入力は失われます）" : ""}
          </button>
        </div>
      </form>
    </section>
  );
}
