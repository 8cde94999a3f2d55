// The three-way merge of a stale save (409): the version the form was loaded from (base), what the
// worker has now (mine) and the server's current record (theirs). A field only one side changed is
// taken from that side without asking; only a field both changed, to different values, is asked
// — and a long text may keep both.

export type Choice = "mine" | "theirs" | "both";

export interface FieldConflict {
  field: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface Merge {
  values: Record<string, unknown>; // every field: merged, or mine where asked (until chosen)
  conflicts: FieldConflict[]; // both changed, differently
  taken: { field: string; from: "mine" | "theirs" }[]; // decided without asking
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function threeWay(
  base: Record<string, unknown>,
  mine: Record<string, unknown>,
  theirs: Record<string, unknown>,
  fields: string[],
): Merge {
  const values: Record<string, unknown> = {};
  const conflicts: FieldConflict[] = [];
  const taken: Merge["taken"] = [];
  for (const f of fields) {
    const mineChanged = !same(base[f], mine[f]);
    const theirsChanged = !same(base[f], theirs[f]);
    if (!mineChanged) {
      values[f] = theirs[f];
      if (theirsChanged) taken.push({ field: f, from: "theirs" });
    } else if (!theirsChanged || same(mine[f], theirs[f])) {
      values[f] = mine[f];
      if (!theirsChanged) taken.push({ field: f, from: "mine" });
    } else {
      values[f] = mine[f];
      conflicts.push({ field: f, base: base[f], mine: mine[f], theirs: theirs[f] });
    }
  }
  return { values, conflicts, taken };
}

// Both texts of a field both sides changed: the other's, then what the worker added. When both
// grew from the same text only the worker's addition is appended, so nothing appears twice.
export function keepBoth(base: unknown, mine: unknown, theirs: unknown): string {
  const b = typeof base === "string" ? base : "";
  const m = typeof mine === "string" ? mine : "";
  const t = typeof theirs === "string" ? theirs : "";
  const added = b && m.startsWith(b) && t.startsWith(b) ? m.slice(b.length).replace(/^\n+/, "") : m;
  if (!added) return t;
  if (!t) return added;
  return `${t}\n${added}`;
}

// The body to save on top of the server's current version: the merged values with each asked
// field as chosen. Undefined when a field is still unchosen.
export function resolve(
  merge: Merge,
  version: number,
  choice: Record<string, Choice | undefined>,
): Record<string, unknown> | undefined {
  const body: Record<string, unknown> = { ...merge.values, version };
  for (const c of merge.conflicts) {
    const chosen = choice[c.field];
    if (!chosen) return undefined;
    body[c.field] =
      chosen === "mine"
        ? c.mine
        : chosen === "theirs"
          ? c.theirs
          : keepBoth(c.base, c.mine, c.theirs);
  }
  return body;
}
