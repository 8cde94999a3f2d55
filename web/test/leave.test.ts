import { describe, expect, it } from "vitest";
import { dropDraft, getDraft, setDraft } from "../src/drafts";
import { addLeaveGuard, leave, pendingLeave, stay } from "../src/route";

const hashChanged = () => new Promise((r) => setTimeout(r, 10));

describe("leaving a form with unsaved text", () => {
  it("is held back and asked; とどまる keeps the text, 移動する drops it and goes", async () => {
    const remove = addLeaveGuard({
      dirty: () => getDraft("visit:cas_1:new") !== undefined,
      discard: () => dropDraft("visit:cas_1:new"),
    });
    window.location.hash = "#/cases/cas_1/visit";
    await hashChanged();
    expect(pendingLeave()).toBeNull();

    setDraft("visit:cas_1:new", { content: "玄関先で（架空）" }, true);
    window.location.hash = "#/";
    await hashChanged();
    expect(pendingLeave()).toBe("#/");
    expect(window.location.hash).toBe("#/cases/cas_1/visit");
    stay();
    expect(pendingLeave()).toBeNull();
    expect(getDraft("visit:cas_1:new")).toBeDefined();

    window.location.hash = "#/";
    await hashChanged();
    leave();
    expect(pendingLeave()).toBeNull();
    expect(window.location.hash).toBe("#/");
    expect(getDraft("visit:cas_1:new")).toBeUndefined();
    remove();
  });

  it("asks nothing when there is no unsaved text", async () => {
    const remove = addLeaveGuard({ dirty: () => false, discard: () => {} });
    window.location.hash = "#/cases/cas_2";
    await hashChanged();
    expect(pendingLeave()).toBeNull();
    expect(window.location.hash).toBe("#/cases/cas_2");
    remove();
  });
});
