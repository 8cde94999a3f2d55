// Reading what a screen shows. A read that failed for want of a connection (offline, no answer,
// a 5xx) is tried again as soon as the connection is back — the browser's online event, or any
// other request that got an answer — and the screen offers 再読み込み meanwhile. The error goes
// with the next successful read.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, NetworkError, addSuccessListener, describeError } from "./api";

export interface Loaded<T> {
  data: T | null;
  error: string; // Japanese, "" when none
  retry: () => void;
}

function transient(e: unknown): boolean {
  return e instanceof NetworkError || (e instanceof ApiError && e.status >= 500);
}

// `key` names what is read (the load runs again when it changes); `load` may change on every
// render (the one of the render that changed `key` is used).
export function useLoad<T>(
  key: string,
  load: () => Promise<T>,
  labels: Record<string, string> = {},
): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState("");
  const [waiting, setWaiting] = useState(false); // failed for want of a connection
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  const labelsRef = useRef(labels);
  useEffect(() => {
    loadRef.current = load;
    labelsRef.current = labels;
  });

  useEffect(() => {
    let live = true;
    loadRef
      .current()
      .then((d) => {
        if (!live) return;
        setData(d);
        setError("");
        setWaiting(false);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setError(describeError(e, labelsRef.current));
        setWaiting(transient(e));
      });
    return () => {
      live = false;
    };
  }, [key, attempt]);

  // A new key: nothing of the previous one is shown.
  const [shownKey, setShownKey] = useState(key);
  if (shownKey !== key) {
    setShownKey(key);
    setData(null);
    setError("");
    setWaiting(false);
  }

  const retry = useCallback(() => setAttempt((a) => a + 1), []);

  useEffect(() => {
    if (!waiting) return;
    window.addEventListener("online", retry);
    const stop = addSuccessListener(retry);
    return () => {
      window.removeEventListener("online", retry);
      stop();
    };
  }, [waiting, retry]);

  return { data, error, retry };
}
