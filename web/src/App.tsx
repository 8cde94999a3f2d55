// Session, idle lock and screens. Everything the app knows lives in memory under <App> (and
// unsaved form text in drafts.ts); signing out or a 401 replace it with nothing and show sign-in.
// The idle lock (and 画面を隠す) unmounts the screens and keeps the session and the drafts: the
// user's password brings back the same screen with the unsaved text.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, setUnauthenticatedListener } from "./api";
import { clearDrafts, useDrafts } from "./drafts";
import { watchIdle } from "./idle";
import {
  go,
  hideRoute,
  leave,
  resetRoute,
  restoreRoute,
  stay,
  usePendingLeave,
  useRoute,
} from "./route";
import { SessionContext, useSession, type Session } from "./session";
import type { Settings } from "./types";
import { Login } from "./screens/Login";
import { PasswordChange } from "./screens/PasswordChange";
import { CaseList } from "./screens/CaseList";
import { CaseDetail } from "./screens/CaseDetail";
import { CaseForm } from "./screens/CaseForm";
import { PersonForm } from "./screens/PersonForm";
import { VisitForm } from "./screens/VisitForm";
import { useOnline } from "./useOnline";
import { DeviceAdmin, MyDevices } from "./screens/Devices";
import { LockScreen } from "./screens/LockScreen";

interface Lock {
  reason: "idle" | "hidden";
  route: string; // the screen to return to
}

export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState("");
  const [lock, setLock] = useState<Lock | null>(null);
  const online = useOnline();
  const drafts = useDrafts();

  useEffect(() => {
    api<Settings>("GET", "/settings")
      .then(setSettings)
      .catch(() => setSettings({ idle_lock_seconds: 300, demo: false }));
  }, []);

  // Drops everything held in memory and shows sign-in.
  const wipe = useCallback((message: string) => {
    setSession(null);
    setLock(null);
    clearDrafts();
    setGeneration((g) => g + 1);
    setNotice(message);
    resetRoute();
  }, []);

  const lockNow = useCallback((reason: Lock["reason"]) => {
    setLock({ reason, route: hideRoute() });
  }, []);

  const logout = useCallback(
    async (message: string) => {
      wipe(message);
      try {
        await api("POST", "/logout");
      } catch {
        // The session ends on the server by its own idle timeout if this did not arrive.
      }
    },
    [wipe],
  );

  useEffect(() => {
    setUnauthenticatedListener(() =>
      wipe("セッションが終了しました。もう一度サインインしてください。"),
    );
    return () => setUnauthenticatedListener(null);
  }, [wipe]);

  const locked = lock !== null;
  useEffect(() => {
    if (!session || locked) return;
    return watchIdle(session.settings.idle_lock_seconds, () => lockNow("idle"));
  }, [session, locked, lockNow]);

  const demo = settings?.demo ?? false;
  return (
    <div className="app" key={generation}>
      {demo ? (
        <div className="demo-banner" role="note">
          デモモード：端末証明書なしで動いています。架空のデータのみを扱ってください。
        </div>
      ) : null}
      {!online ? (
        <div className="offline-banner" role="status">
          通信できません。
          {drafts.count > 0
            ? "まだ保存されていない入力内容は、このページのメモリ上にだけあります（端末には保存しません）。"
            : ""}
          {drafts.autosave > 0 ? "相談記録は接続が戻ると自動で保存します。" : ""}
        </div>
      ) : null}
      {session && lock ? (
        <main id="main">
          <LockScreen
            session={session}
            reason={lock.reason}
            onUnlocked={(user) => {
              if (user) setSession({ ...session, user });
              setLock(null);
              restoreRoute(lock.route);
            }}
            onSignOut={() => void logout("サインアウトしました。")}
          />
        </main>
      ) : session ? (
        <SessionContext.Provider value={session}>
          <Header
            session={session}
            onLogout={() => void logout("サインアウトしました。")}
            onHide={() => lockNow("hidden")}
          />
          <LeaveQuestion />
          <main id="main">
            {session.user.must_change_password ? (
              <PasswordChange
                onDone={() =>
                  setSession({ ...session, user: { ...session.user, must_change_password: false } })
                }
              />
            ) : (
              <Screens />
            )}
          </main>
        </SessionContext.Provider>
      ) : settings ? (
        <main id="main">
          <Login
            settings={settings}
            notice={notice}
            onSignedIn={(s) => {
              setNotice("");
              setSession(s);
              go("/");
            }}
          />
        </main>
      ) : null}
    </div>
  );
}

// Leaving a form with unsaved text: asked first.
function LeaveQuestion() {
  const pending = usePendingLeave();
  const stayButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pending !== null) stayButton.current?.focus();
  }, [pending]);
  if (pending === null) return null;
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="leave-title"
        aria-describedby="leave-text"
      >
        <h2 id="leave-title">入力内容が保存されていません</h2>
        <p id="leave-text">
          この画面には、まだサーバーに保存されていない入力内容があります。移動すると、その内容は失われます。
        </p>
        <div className="actions">
          <button type="button" onClick={leave}>
            移動する
          </button>
          <button type="button" className="primary" ref={stayButton} onClick={stay}>
            とどまる
          </button>
        </div>
      </div>
    </div>
  );
}

function Header({
  session,
  onLogout,
  onHide,
}: {
  session: Session;
  onLogout: () => void;
  onHide: () => void;
}) {
  const roleLabel: Record<string, string> = {
    caseworker: "ケースワーカー",
    supervisor: "スーパーバイザー",
    admin: "管理者",
    auditor: "監査担当",
  };
  return (
    <header className="top">
      <a className="brand" href="#/">
        寄り添い
      </a>
      <nav aria-label="メニュー" className="menu">
        {session.user.role === "admin" ? <a href="#/devices">端末管理</a> : null}
        <a href="#/my-devices">自分の端末</a>
      </nav>
      <span className="who">
        {session.user.name}（{roleLabel[session.user.role] ?? session.user.role}）
      </span>
      <button type="button" className="hide" onClick={onHide}>
        画面を隠す
      </button>
      <button type="button" className="logout" onClick={onLogout}>
        サインアウト
      </button>
    </header>
  );
}

function Screens() {
  const { path, query } = useRoute();
  const { user } = useSession();
  const [a, b, c, d] = path;
  if (a === "devices" && user.role === "admin") return <DeviceAdmin />;
  if (a === "my-devices") return <MyDevices />;
  if (user.role !== "caseworker" && user.role !== "supervisor")
    return <RoleHome role={user.role} />;
  if (a === "cases" && b === "new") return <CaseForm />;
  if (a === "cases" && b && !c) return <CaseDetail caseId={b} />;
  if (a === "cases" && b && c === "edit") return <CaseForm caseId={b} />;
  if (a === "cases" && b && c === "people" && d === "new")
    return <PersonForm caseId={b} role={query.get("role") ?? "child"} />;
  if (a === "cases" && b && c === "people" && d) return <PersonForm caseId={b} personId={d} />;
  if (a === "cases" && b && c === "visit") return <VisitForm caseId={b} consultationId={d} />;
  return <CaseList query={query.get("q") ?? ""} />;
}

// Admins and auditors do not read case files; their screens are these.
function RoleHome({ role }: { role: string }) {
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{role === "admin" ? "管理メニュー" : "監査メニュー"}</h1>
      <p>ケースの記録は担当の職員だけが閲覧します。</p>
      <ul>
        {role === "admin" ? (
          <li>
            <a href="#/devices">端末管理（登録・失効）</a>
          </li>
        ) : null}
        <li>
          <a href="#/my-devices">自分が使った端末</a>
        </li>
      </ul>
    </section>
  );
}
