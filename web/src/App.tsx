// Session, idle lock and screens. Everything the app knows lives in React state under <App>;
// signing out, the idle lock or a 401 replace it with nothing and show sign-in.
import { useCallback, useEffect, useState } from "react";
import { api, setUnauthenticatedListener } from "./api";
import { watchIdle } from "./idle";
import { go, useRoute } from "./route";
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

export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState("");
  const online = useOnline();

  useEffect(() => {
    api<Settings>("GET", "/settings")
      .then(setSettings)
      .catch(() => setSettings({ idle_lock_seconds: 300, demo: false }));
  }, []);

  // Drops everything held in memory and shows sign-in.
  const wipe = useCallback((message: string) => {
    setSession(null);
    setGeneration((g) => g + 1);
    setNotice(message);
    if (window.location.hash) history.replaceState(null, "", window.location.pathname);
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

  useEffect(() => {
    if (!session) return;
    return watchIdle(session.settings.idle_lock_seconds, () => {
      void logout("一定時間操作がなかったため、画面をロックしました。");
    });
  }, [session, logout]);

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
          通信できません。入力中の内容は画面上に保持し、接続が戻ると保存します（端末には保存しません）。
        </div>
      ) : null}
      {session ? (
        <SessionContext.Provider value={session}>
          <Header session={session} onLogout={() => void logout("サインアウトしました。")} />
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

function Header({ session, onLogout }: { session: Session; onLogout: () => void }) {
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
