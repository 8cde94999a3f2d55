// What the app holds while someone is signed in — in memory only. Signing out drops all of it
// (the App remounts every screen); the idle lock unmounts the screens and keeps this.
import { createContext, useContext } from "react";
import type { CodeLists, Settings, Unit, User } from "./types";

export interface Session {
  tenant: string; // the lock screen signs in again with it when the session ended meanwhile
  user: User;
  settings: Settings;
  codes: CodeLists;
  units: Unit[];
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("no session");
  return s;
}

export function unitName(session: Session, id: string): string {
  return session.units.find((u) => u.id === id)?.name ?? id;
}
