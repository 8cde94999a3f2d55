// The idle lock: after `seconds` without input the app wipes what it holds and returns to
// sign-in. Any pointer, key or touch input restarts the clock.

const events = ["pointerdown", "keydown", "touchstart", "input", "wheel"] as const;

export function watchIdle(
  seconds: number,
  onIdle: () => void,
  target: Window = window,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const restart = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(onIdle, seconds * 1000);
  };
  for (const e of events) target.addEventListener(e, restart, { passive: true, capture: true });
  restart();
  return () => {
    if (timer !== null) clearTimeout(timer);
    for (const e of events) target.removeEventListener(e, restart, { capture: true });
  };
}
