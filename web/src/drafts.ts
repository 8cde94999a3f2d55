// Unsaved form text, in memory only: a module-level map that lives as long as the page and is
// never written anywhere (no browser storage). A form keeps its draft here while it has text not
// yet on the server, so the idle lock can unmount every screen (the DOM then holds no case data)
// and the form, mounted again after unlocking, finds its text. Signing out clears it.
import { useEffect, useState, useSyncExternalStore } from "react";
import { addLeaveGuard } from "./route";

export interface Draft<T = unknown> {
  value: T;
  autosave: boolean; // the form saves by itself once mounted (the visit record)
}

const drafts = new Map<string, Draft>();
const listeners = new Set<() => void>();
let version = 0;

function changed(): void {
  version += 1;
  for (const l of listeners) l();
}

export function getDraft<T>(key: string): T | undefined {
  return drafts.get(key)?.value as T | undefined;
}

export function setDraft<T>(key: string, value: T, autosave = false): void {
  const had = drafts.has(key);
  drafts.set(key, { value, autosave });
  if (!had) changed();
}

export function dropDraft(key: string): void {
  if (drafts.delete(key)) changed();
}

export function clearDrafts(): void {
  if (drafts.size === 0) return;
  drafts.clear();
  changed();
}

export interface DraftSummary {
  count: number;
  autosave: number; // of which the form saves by itself
}

let summary: DraftSummary = { count: 0, autosave: 0 };
let summaryVersion = -1;

function snapshot(): DraftSummary {
  if (summaryVersion !== version) {
    let autosave = 0;
    for (const d of drafts.values()) if (d.autosave) autosave += 1;
    summary = { count: drafts.size, autosave };
    summaryVersion = version;
  }
  return summary;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// How many forms hold unsaved text (for the banner and the lock screen, which say only what is
// true).
export function useDrafts(): DraftSummary {
  return useSyncExternalStore(subscribe, snapshot);
}

// While the form's draft `key` exists, leaving the screen asks first; leaving anyway drops it.
export function useLeaveGuard(key: string): void {
  useEffect(
    () => addLeaveGuard({ dirty: () => drafts.has(key), discard: () => dropDraft(key) }),
    [key],
  );
}

// A text field's value kept as a draft while it is not empty (a note, a policy): it survives the
// lock, and leaving with it asks first. `clear` after it was saved.
export function useDraftText(key: string): [string, (v: string) => void, () => void] {
  useLeaveGuard(key);
  const [value, setValue] = useState(() => getDraft<string>(key) ?? "");
  const set = (v: string) => {
    setValue(v);
    if (v) setDraft(key, v);
    else dropDraft(key);
  };
  return [value, set, () => set("")];
}
