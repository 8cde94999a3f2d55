// Code lists from GET /api/v1/codes: labels for display, entries for pickers.
import type { CodeEntry, CodeLists } from "./types";

export function label(codes: CodeLists, list: string, code: string): string {
  if (!code) return "";
  return codes[list]?.find((e) => e.code === code)?.label ?? code;
}

// The entries of a list valid on a date (an entry outside its validity is still shown when it
// is the current value, so an old record stays readable).
export function entriesOn(
  codes: CodeLists,
  list: string,
  date: string,
  keep = "",
  filter: (e: CodeEntry) => boolean = () => true,
): CodeEntry[] {
  const all = codes[list] ?? [];
  const byCode = new Map(all.map((e) => [e.code, e]));
  const valid = (e: CodeEntry | undefined): boolean => {
    for (let cur = e; cur; cur = cur.parent ? byCode.get(cur.parent) : undefined) {
      if (cur.valid_from && date < cur.valid_from) return false;
      if (cur.valid_to && date > cur.valid_to) return false;
    }
    return true;
  };
  return all.filter((e) => filter(e) && (e.code === keep || !date || valid(e)));
}

// Entries grouped for <optgroup>: [group label, entries] in catalog order.
export function grouped(entries: CodeEntry[]): [string, CodeEntry[]][] {
  const groups: [string, CodeEntry[]][] = [];
  for (const e of entries) {
    const g = e.group ?? "";
    const last = groups[groups.length - 1];
    if (last && last[0] === g) last[1].push(e);
    else groups.push([g, [e]]);
  }
  return groups;
}
