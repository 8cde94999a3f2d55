// My cases and my unit's cases, with status, 相談種別 and the next action; search by kana, names,
// numbers and full text.
import { useState, type FormEvent } from "react";
import { api, describeError } from "../api";
import { label } from "../codes";
import { go } from "../route";
import { unitName, useSession } from "../session";
import type { CaseFile, Page } from "../types";
import { DateText, ErrorBox, LoadError } from "../ui/fields";
import { useLoad } from "../load";
import { japanDate } from "../wareki";

type Tab = "mine" | "unit";

export function CaseList({ query }: { query: string }) {
  const session = useSession();
  const [tab, setTab] = useState<Tab>("mine");
  const [text, setText] = useState(query);
  const base = query ? `/cases?limit=100&q=${encodeURIComponent(query)}` : "/cases?limit=100";
  const first = useLoad(`cases:${query}`, () => api<Page<CaseFile>>("GET", base), { q: "検索語" });
  // Pages read with さらに表示, on top of the first (dropped when the first is read again).
  const [extra, setExtra] = useState<{ of: Page<CaseFile>; pages: Page<CaseFile>[] } | null>(null);
  const [error, setError] = useState("");
  const pages = first.data ? [first.data, ...(extra?.of === first.data ? extra.pages : [])] : [];
  const page: Page<CaseFile> | null = first.data
    ? { items: pages.flatMap((p) => p.items), next: pages[pages.length - 1]?.next ?? null }
    : null;

  const more = async () => {
    if (!page?.next || !first.data) return;
    const of = first.data;
    try {
      setError("");
      const p = await api<Page<CaseFile>>("GET", `${base}&after=${encodeURIComponent(page.next)}`);
      setExtra((x) => ({ of, pages: [...(x?.of === of ? x.pages : []), p] }));
    } catch (e) {
      setError(describeError(e));
    }
  };

  const search = (e: FormEvent) => {
    e.preventDefault();
    go(text.trim() ? `/?q=${encodeURIComponent(text.trim())}` : "/");
  };

  const me = session.user.id;
  const items = (page?.items ?? []).filter(
    (c) => query || tab === "unit" || c.worker_ids.includes(me),
  );
  const canWrite = session.user.role === "caseworker" || session.user.role === "supervisor";

  return (
    <section aria-labelledby="list-title">
      <div className="title-row">
        <h1 id="list-title">{query ? `「${query}」の検索結果` : "ケース一覧"}</h1>
        {canWrite ? (
          <button type="button" className="primary" onClick={() => go("/cases/new")}>
            新規ケース
          </button>
        ) : null}
      </div>
      <form className="search" role="search" onSubmit={search}>
        <label htmlFor="q">
          検索（氏名・ふりがな・ケース番号・生年月日・住所・学校・記録の内容）
        </label>
        <div className="search-row">
          <input
            id="q"
            name="q"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit">検索</button>
          {query ? (
            <button type="button" onClick={() => go("/")}>
              解除
            </button>
          ) : null}
        </div>
      </form>
      {!query ? (
        <div className="tabs" role="tablist" aria-label="表示するケース">
          <button
            type="button"
            role="tab"
            aria-selected={tab === "mine"}
            onClick={() => setTab("mine")}
          >
            自分の担当
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === "unit"}
            onClick={() => setTab("unit")}
          >
            所属のケース
          </button>
        </div>
      ) : null}
      <LoadError message={first.error} onRetry={first.retry} />
      <ErrorBox message={error} />
      {page === null && !first.error ? <p role="status">読み込み中…</p> : null}
      {page !== null && items.length === 0 ? <p>該当するケースはありません。</p> : null}
      <ul className="case-list">
        {items.map((c) => (
          <li key={c.id}>
            <a className="case-row" href={`#/cases/${c.id}`}>
              <span className="number">{c.number}</span>
              <span className={`status status-${c.status}`}>
                {label(session.codes, "case_status", c.status)}
              </span>
              <span className="type">
                {label(session.codes, "consultation_type", c.consultation_type.code)}
              </span>
              <span className="received">
                受理 <DateText date={japanDate(c.received_on)} />
              </span>
              <span className="unit">{unitName(session, c.unit_id)}</span>
              <span className="next">
                {c.next_action ? (
                  <>
                    次の対応：{c.next_action.text}
                    {c.next_action.on ? (
                      <>
                        （<DateText date={c.next_action.on} />）
                      </>
                    ) : null}
                  </>
                ) : (
                  "次の対応：未定"
                )}
              </span>
            </a>
          </li>
        ))}
      </ul>
      {page?.next ? (
        <button type="button" onClick={() => void more()}>
          さらに表示
        </button>
      ) : null}
    </section>
  );
}
