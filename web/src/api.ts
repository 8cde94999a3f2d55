// The one way the app talks to the server: same-origin fetch with the session cookie, JSON in and
// out, never cached (the server answers no-store; `cache: "no-store"` says it from our side too).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly current?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

// The request did not reach the server or no answer came back (offline, poor connection).
export class NetworkError extends Error {
  constructor() {
    super("network");
    this.name = "NetworkError";
  }
}

type Listener = () => void;
let onUnauthenticated: Listener | null = null;

// Called when the server says the session is gone (401): the app returns to sign-in.
export function setUnauthenticatedListener(listener: Listener | null): void {
  onUnauthenticated = listener;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: "same-origin",
    cache: "no-store",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new NetworkError();
  }
  if (response.status === 204) return undefined as T;
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    if (response.ok) throw new NetworkError();
  }
  if (response.ok) return json as T;
  const payload = (json ?? {}) as {
    error?: { code?: string; message?: string; field?: string };
    current?: unknown;
  };
  const e = payload.error ?? {};
  if (response.status === 401 && path !== "/login" && onUnauthenticated) onUnauthenticated();
  throw new ApiError(
    response.status,
    e.code ?? "error",
    e.message ?? `HTTP ${response.status}`,
    e.field,
    payload.current,
  );
}

// A message for people, in Japanese, naming the field when the server did.
export function describeError(e: unknown, labels: Record<string, string> = {}): string {
  if (e instanceof NetworkError) return "サーバーに接続できません。通信状態を確認してください。";
  if (e instanceof ApiError) {
    const field = e.field ? (labels[e.field] ?? e.field) : "";
    switch (e.status) {
      case 400:
        return field
          ? `入力を確認してください（${field}: ${e.message}）`
          : `入力エラー: ${e.message}`;
      case 401:
        return "サインインが必要です。";
      case 403:
        return "この操作の権限がありません。";
      case 404:
        return "見つかりません。";
      case 409:
        return "他の人が先に更新しました。";
      default:
        // A 5xx from the server or from something between (a proxy that could not reach it).
        if (e.status >= 500)
          return `サーバーに接続できません（${e.status}）。しばらくしてから再度お試しください。`;
        return `エラーが発生しました（${e.status}）`;
    }
  }
  return "エラーが発生しました。";
}
