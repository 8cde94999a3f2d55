// 和暦 beside every date, through the browser's own Japanese calendar (ICU): 令和, 平成, 昭和 and
// 元年 come from there, never from a hand-written table.

const eraFormat = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
  era: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
  timeZone: "UTC",
});

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

// "2025-07-01" → "令和7年7月1日"; "" for anything that is not a real date.
export function wareki(date: string | null | undefined): string {
  if (!date) return "";
  const m = isoDate.exec(date);
  if (!m) return "";
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return "";
  return eraFormat.format(t);
}

// The ward's day (JST) of an instant: "2025-06-30T15:30:00Z" → "2025-07-01".
export function japanDate(instant: string): string {
  const t = new Date(instant);
  if (Number.isNaN(t.getTime())) return "";
  const jst = new Date(t.getTime() + 9 * 3600 * 1000);
  return jst.toISOString().slice(0, 10);
}

// "2025-06-30T15:30:00Z" → "2025-07-01 00:30" (JST), for times shown beside 和暦 dates.
export function japanDateTime(instant: string): string {
  const t = new Date(instant);
  if (Number.isNaN(t.getTime())) return "";
  const jst = new Date(t.getTime() + 9 * 3600 * 1000).toISOString();
  return `${jst.slice(0, 10)} ${jst.slice(11, 16)}`;
}

// Today in Japan, as YYYY-MM-DD.
export function todayInJapan(now: Date = new Date()): string {
  return japanDate(now.toISOString());
}

// A datetime-local value ("2025-07-01T10:30", JST) → ISO 8601 with the +09:00 offset.
export function localJstToIso(value: string): string {
  return value.length === 16 ? `${value}:00+09:00` : value;
}

// ISO instant → datetime-local value in JST ("2025-07-01T10:30").
export function isoToLocalJst(instant: string): string {
  const dt = japanDateTime(instant);
  return dt ? dt.replace(" ", "T") : "";
}
