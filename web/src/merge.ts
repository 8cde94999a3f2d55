// The conflict (409) screen's logic: which fields differ between what the worker wrote and what
// is on the server now, and the record that results from the worker's choices.

export interface FieldDiff {
  field: string;
  mine: unknown;
  theirs: unknown;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// Fields of `fields` whose value differs between mine and theirs.
export function differences(
  mine: Record<string, unknown>,
  theirs: Record<string, unknown>,
  fields: string[],
): FieldDiff[] {
  return fields
    .filter((f) => !same(mine[f], theirs[f]))
    .map((f) => ({ field: f, mine: mine[f], theirs: theirs[f] }));
}

// The body to send: every field of `fields` taken from mine or theirs as chosen (theirs when not
// chosen), based on the server's current version.
export function merged(
  mine: Record<string, unknown>,
  theirs: Record<string, unknown> & { version: number },
  fields: string[],
  choice: Record<string, "mine" | "theirs">,
): Record<string, unknown> {
  const body: Record<string, unknown> = { version: theirs.version };
  for (const f of fields) body[f] = choice[f] === "mine" ? mine[f] : theirs[f];
  return body;
}
