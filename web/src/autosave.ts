// Saving as the caseworker types (the visit record on the doorstep): debounced, never while a
// Japanese IME is composing a word, retried while the connection is down. The text lives only
// in memory — here and in the form — never in browser storage.
import { ApiError, NetworkError } from "./api";

export type SaveState = "saved" | "dirty" | "saving" | "offline" | "conflict" | "error";

export interface AutosaveOptions<T> {
  delayMs: number; // quiet time after the last change before saving
  retryMs: number; // wait before retrying after a network failure
  save: (value: T) => Promise<void>;
  onState: (state: SaveState, error?: unknown) => void;
}

export class Autosave<T> {
  private latest: T | undefined;
  private pending = false; // `latest` is not yet on the server
  private composing = false;
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private state: SaveState = "saved";
  private stopped = false;

  constructor(private readonly options: AutosaveOptions<T>) {}

  get current(): SaveState {
    return this.state;
  }

  // A new value from the form.
  change(value: T): void {
    this.latest = value;
    this.pending = true;
    if (this.state !== "conflict" && this.state !== "offline") this.set("dirty");
    if (!this.composing) this.schedule(this.options.delayMs);
  }

  // IME composition: hold saves until the word is committed.
  compositionStart(): void {
    this.composing = true;
    this.clearTimer();
    // The word being composed is text not yet on the server.
    if (this.state === "saved" || this.state === "saving") this.set("dirty");
  }

  compositionEnd(value: T): void {
    this.composing = false;
    this.change(value);
  }

  // Saves now (leaving the form, pressing 保存). Resolves when the latest value is saved or the
  // attempt failed (the state says which).
  async flush(): Promise<void> {
    this.clearTimer();
    if (this.inFlight) await this.inFlight;
    if (this.pending && !this.composing) await this.run();
  }

  // After a conflict was resolved (merged) or an error acknowledged: continue saving.
  resume(): void {
    if (this.state === "conflict" || this.state === "error")
      this.set(this.pending ? "dirty" : "saved");
    if (this.pending) this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private set(state: SaveState, error?: unknown): void {
    this.state = state;
    this.options.onState(state, error);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    if (this.stopped || this.composing || !this.pending) return;
    if (this.state === "conflict" || this.state === "error") return;
    if (this.inFlight) {
      // One save at a time; the next starts when this one ends.
      await this.inFlight;
      return this.run();
    }
    const value = this.latest as T;
    this.pending = false;
    if (this.state !== "offline") this.set("saving");
    const attempt = (async () => {
      try {
        await this.options.save(value);
        if (!this.pending) this.set("saved");
      } catch (e) {
        this.pending = true;
        if (e instanceof NetworkError || (e instanceof ApiError && e.status >= 500)) {
          this.set("offline", e);
          this.schedule(this.options.retryMs);
        } else if (e instanceof ApiError && e.status === 409) {
          this.set("conflict", e);
        } else {
          this.set("error", e);
        }
      }
    })();
    this.inFlight = attempt;
    await attempt;
    this.inFlight = null;
    if (
      this.pending &&
      this.current !== "conflict" &&
      this.current !== "error" &&
      this.current !== "offline"
    ) {
      this.schedule(this.options.delayMs);
    }
  }
}
