import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, NetworkError } from "../src/api";
import { Autosave, type SaveState } from "../src/autosave";

describe("Autosave", () => {
  let saved: string[];
  let states: SaveState[];
  let failWith: (() => Error) | null;

  const make = () =>
    new Autosave<string>({
      delayMs: 500,
      retryMs: 2000,
      save: async (v) => {
        if (failWith) throw failWith();
        saved.push(v);
      },
      onState: (s) => states.push(s),
    });

  beforeEach(() => {
    vi.useFakeTimers();
    saved = [];
    states = [];
    failWith = null;
  });
  afterEach(() => vi.useRealTimers());

  it("saves once after the typing stops, the latest text", async () => {
    const a = make();
    a.change("家");
    await vi.advanceTimersByTimeAsync(200);
    a.change("家庭");
    await vi.advanceTimersByTimeAsync(200);
    a.change("家庭訪問");
    expect(saved).toEqual([]);
    expect(a.current).toBe("dirty");
    await vi.advanceTimersByTimeAsync(500);
    expect(saved).toEqual(["家庭訪問"]);
    expect(a.current).toBe("saved");
  });

  it("never saves while the IME composes a word", async () => {
    const a = make();
    a.change("母は");
    a.compositionStart();
    expect(a.current).toBe("dirty");
    await vi.advanceTimersByTimeAsync(5000);
    expect(saved).toEqual([]);
    a.compositionEnd("母は不在");
    await vi.advanceTimersByTimeAsync(500);
    expect(saved).toEqual(["母は不在"]);
  });

  it("keeps the text and retries while offline", async () => {
    const a = make();
    failWith = () => new NetworkError();
    a.change("玄関先で面談");
    await vi.advanceTimersByTimeAsync(500);
    expect(a.current).toBe("offline");
    expect(saved).toEqual([]);
    a.change("玄関先で面談した");
    await vi.advanceTimersByTimeAsync(2000);
    expect(a.current).toBe("offline");
    failWith = null;
    await vi.advanceTimersByTimeAsync(2000);
    expect(saved).toEqual(["玄関先で面談した"]);
    expect(a.current).toBe("saved");
  });

  it("stops at a conflict until it is resolved", async () => {
    const a = make();
    failWith = () => new ApiError(409, "stale_version", "stale", undefined, { version: 3 });
    a.change("A");
    await vi.advanceTimersByTimeAsync(500);
    expect(a.current).toBe("conflict");
    failWith = null;
    a.change("AB");
    await vi.advanceTimersByTimeAsync(5000);
    expect(saved).toEqual([]);
    a.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual(["AB"]);
    expect(a.current).toBe("saved");
  });

  it("flush saves at once and reports the outcome", async () => {
    const a = make();
    a.change("終わり");
    await a.flush();
    expect(saved).toEqual(["終わり"]);
    expect(a.current).toBe("saved");
    expect(states).toContain("saving");
  });

  it("one save at a time: a change during a save is saved after it", async () => {
    let release: () => void = () => {};
    const order: string[] = [];
    const a = new Autosave<string>({
      delayMs: 100,
      retryMs: 1000,
      save: (v) =>
        new Promise<void>((resolve) => {
          order.push(`start ${v}`);
          release = () => {
            order.push(`end ${v}`);
            resolve();
          };
        }),
      onState: () => {},
    });
    a.change("1");
    await vi.advanceTimersByTimeAsync(100);
    a.change("2");
    await vi.advanceTimersByTimeAsync(100);
    expect(order).toEqual(["start 1"]);
    release();
    await vi.advanceTimersByTimeAsync(100);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(["start 1", "end 1", "start 2", "end 2"]);
    expect(a.current).toBe("saved");
  });
});
