import { describe, expect, it } from "vitest";
import { keepBoth, resolve, threeWay } from "../src/merge";

describe("three-way merge of a stale save", () => {
  const fields = ["name", "health", "address", "school"];
  const base = {
    name: "架空 花子",
    health: "良好",
    address: "A町",
    school: { kind: "", name: "" },
  };

  it("takes a field only the other side changed without asking (their change is kept)", () => {
    const mine = { ...base, address: "B町" };
    const theirs = { ...base, health: "喘息（吸入薬使用）", version: 5 };
    const m = threeWay(base, mine, theirs, fields);
    expect(m.conflicts).toEqual([]);
    expect(m.taken).toEqual([
      { field: "health", from: "theirs" },
      { field: "address", from: "mine" },
    ]);
    expect(resolve(m, 5, {})).toEqual({
      version: 5,
      name: "架空 花子",
      health: "喘息（吸入薬使用）",
      address: "B町",
      school: { kind: "", name: "" },
    });
  });

  it("asks only for a field both changed differently", () => {
    const mine = { ...base, health: "良好（再確認）", address: "B町" };
    const theirs = { ...base, health: "喘息（吸入薬使用）", version: 5 };
    const m = threeWay(base, mine, theirs, fields);
    expect(m.conflicts).toEqual([
      { field: "health", base: "良好", mine: "良好（再確認）", theirs: "喘息（吸入薬使用）" },
    ]);
    expect(resolve(m, 5, {}), "nothing chosen: nothing to save").toBeUndefined();
    expect(resolve(m, 5, { health: "theirs" })?.health).toBe("喘息（吸入薬使用）");
    expect(resolve(m, 5, { health: "mine" })?.address).toBe("B町");
  });

  it("does not ask when both made the same change", () => {
    const mine = { ...base, health: "通院中" };
    const theirs = { ...base, health: "通院中", version: 2 };
    expect(threeWay(base, mine, theirs, fields).conflicts).toEqual([]);
  });

  it("keeps both texts, the worker's addition after the other's, nothing twice", () => {
    expect(keepBoth("訪問した。", "訪問した。母と話した。", "訪問した。祖母もいた。")).toBe(
      "訪問した。祖母もいた。\n母と話した。",
    );
    expect(keepBoth("", "母と話した。", "祖母もいた。")).toBe("祖母もいた。\n母と話した。");
    expect(keepBoth("元の文", "書き直した文", "別の文")).toBe("別の文\n書き直した文");
  });
});
