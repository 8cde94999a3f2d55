import { hasMessage, messageFor } from "./messages";
import type { RecordChange } from "./types";

// The one way the app talks to the server: same-origin fetch with the session cookie, JSON in and
// out, never cached (the server answers no-store; `cache: "no-store"` says it from our side too).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly current?: unknown,
    readonly retryAfterSeconds?: number, // from Retry-After, when the server gave one
    readonly changes: RecordChange[] = [], // 409: who saved since the version sent
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
const onSuccess = new Set<Listener>();

// Called after every answer that came back from the server (the connection works): a read that
// failed for want of a connection tries again.
export function addSuccessListener(listener: Listener): () => void {
  onSuccess.add(listener);
  return () => onSuccess.delete(listener);
}

// A 401 of these is an answer about the password typed, not a session that ended elsewhere: the
// caller handles it (sign-in; the lock screen signs in again when its session has ended).
const handles401 = new Set(["/login", "/session/unlock"]);

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
  if (response.ok) for (const l of [...onSuccess]) l();
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
    changes?: RecordChange[];
  };
  const e = payload.error ?? {};
  if (response.status === 401 && !handles401.has(path) && onUnauthenticated) onUnauthenticated();
  throw new ApiError(
    response.status,
    e.code ?? "error",
    e.message ?? `HTTP ${response.status}`,
    e.field,
    payload.current,
    retryAfter(response.headers.get("Retry-After")),
    payload.changes ?? [],
  );
}

// Retry-After as seconds: a number of seconds or an HTTP date; undefined when absent or unreadable.
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

// "約N分" / "N秒" for a wait.
export function waitText(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, seconds)}秒`;
  return `約${Math.ceil(seconds / 60)}分`;
}

// The Japanese message of a refusal for too many requests, with the wait when the server said it.
const throttleCodes = new Set(["address_throttled", "device_throttled", "too_many_requests"]);

export function throttledMessage(e: ApiError): string {
  const base = messageFor(throttleCodes.has(e.code) ? e.code : "too_many_requests", "");
  if (e.retryAfterSeconds === undefined) return base;
  return `${base}（${waitText(e.retryAfterSeconds)}後にお試しいただけます）`;
}

// The Japanese message of an ApiError's code for its field (by the form's labels), never the
// server's English text.
export function fieldMessage(e: ApiError, labels: Record<string, string> = {}): string {
  const field = e.field ? (labels[e.field] ?? "") : "";
  return messageFor(e.code, field, e.message);
}

// A message for people, in Japanese, naming the field when the server did.
export function describeError(e: unknown, labels: Record<string, string> = {}): string {
  if (e instanceof NetworkError) return "サーバーに接続できません。通信状態を確認してください。";
  if (e instanceof ApiError) {
    switch (e.status) {
      case 400:
        return fieldMessage(e, labels);
      case 401:
        return e.code === "session_expired" || e.code === "session_device_mismatch"
          ? messageFor(e.code, "")
          : "サインインが必要です。";
      case 403:
        return hasMessage(e.code) ? messageFor(e.code, "") : "この操作の権限がありません。";
      case 404:
        return "見つかりません。";
      case 409:
        return "他の人が先に更新しました。";
      case 429:
        return throttledMessage(e);
      default:
        // A 5xx from the server or from something between (a proxy that could not reach it).
        if (e.status >= 500)
          return `サーバーに接続できません（${e.status}）。しばらくしてから再度お試しください。`;
        return fieldMessage(e, labels);
    }
  }
  return "エラーが発生しました。";
}
