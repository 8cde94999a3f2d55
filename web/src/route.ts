// Hash routes: the screen is named in the URL fragment, which is never sent to the server and
// never stored. "#/cases/cas_1/people/new?role=child".
//
// Every change of screen passes through here (links, go(), the browser's back button: they all
// change the fragment). While a form holds unsaved text (a leave guard is set), the change is
// held back and the app asks first (「移動する」/「とどまる」).
import { useSyncExternalStore } from "react";

export interface Route {
  path: string[]; // ["cases", "cas_1", "people", "new"]
  query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, "");
  const q = raw.indexOf("?");
  const path = (q < 0 ? raw : raw.slice(0, q)).split("/").filter(Boolean).map(decodeURIComponent);
  return { path, query: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)) };
}

export interface LeaveGuard {
  dirty: () => boolean; // unsaved text now
  discard: () => void; // called when the worker chooses to leave anyway
}

interface State {
  hash: string; // the fragment shown
  pending: string | null; // a change held back by the guard
}

let state: State = { hash: window.location.hash, pending: null };
const guards = new Set<LeaveGuard>(); // one per form on screen with a draft key
const listeners = new Set<() => void>();

function set(next: State): void {
  state = next;
  for (const l of listeners) l();
}

function urlWith(hash: string): string {
  return `${window.location.pathname}${window.location.search}${hash}`;
}

window.addEventListener("hashchange", () => {
  const next = window.location.hash;
  if (next === state.hash) return;
  if (dirty()) {
    // Back to where the form is (no hashchange for replaceState), and ask.
    history.replaceState(null, "", urlWith(state.hash));
    set({ hash: state.hash, pending: next });
    return;
  }
  set({ hash: next, pending: null });
});

export function go(path: string): void {
  window.location.hash = `#${path}`;
}

function dirty(): boolean {
  for (const g of guards) if (g.dirty()) return true;
  return false;
}

// A form that may hold unsaved text adds its guard while it is on screen; the function returned
// removes it.
export function addLeaveGuard(g: LeaveGuard): () => void {
  guards.add(g);
  return () => {
    guards.delete(g);
  };
}

// The answer to the question: leave (the form's text is dropped) or stay.
export function leave(): void {
  const target = state.pending;
  if (target === null) return;
  for (const g of guards) if (g.dirty()) g.discard();
  history.pushState(null, "", urlWith(target));
  set({ hash: target, pending: null });
}

export function stay(): void {
  if (state.pending !== null) set({ hash: state.hash, pending: null });
}

// The idle lock: the address keeps no case id while the screen is locked; unlocking returns to
// the screen it was on. Neither asks (nothing is dropped).
export function hideRoute(): string {
  const hash = state.hash;
  history.replaceState(null, "", urlWith(""));
  set({ hash: "", pending: null });
  return hash;
}

export function restoreRoute(hash: string): void {
  history.replaceState(null, "", urlWith(hash));
  set({ hash, pending: null });
}

// Sign-out: the address goes back to the app's root, nothing asked.
export function resetRoute(): void {
  if (window.location.hash) history.replaceState(null, "", urlWith(""));
  set({ hash: "", pending: null });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const getState = () => state;

let parsedFor: string | null = null;
let parsed: Route = parseRoute("");

export function useRoute(): Route {
  const { hash } = useSyncExternalStore(subscribe, getState);
  if (parsedFor !== hash) {
    parsed = parseRoute(hash);
    parsedFor = hash;
  }
  return parsed;
}

// The change held back by a leave guard, if any (the app shows the question).
export function pendingLeave(): string | null {
  return state.pending;
}

export function usePendingLeave(): string | null {
  return useSyncExternalStore(subscribe, getState).pending;
}
