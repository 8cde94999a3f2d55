// Hash routes: the screen is named in the URL fragment, which is never sent to the server and
// never stored. "#/cases/cas_1/people/new?role=child".
import { useEffect, useState } from "react";

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

export function go(path: string): void {
  window.location.hash = `#${path}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
