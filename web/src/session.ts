// What the app holds while someone is signed in — in memory only. Signing out or the idle lock
// drops all of it (the App remounts every screen).
import { createContext, useContext } from "react";
import type { CodeLists, Settings, Unit, User } from "./types";

export interface Session {
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
