import { describe, expect, it } from "vitest";
import { ApiError, describeError, retryAfter } from "../src/api";
import { controlName, isBlank, isKanaReading, textError } from "../src/formErrors";

describe("describeError", () => {
  it("never passes on the server's English rule text", () => {
    const e = new ApiError(400, "in_future", "must not be in the future", "birth_date");
    expect(describeError(e, { birth_date: "生年月日" })).toBe(
      "生年月日に未来の日付は入力できません。",
    );
  });

  it("says a code it has no message for in Japanese, naming the field", () => {
    const e = new ApiError(400, "brand_new_rule", "must be something new", "address");
    expect(describeError(e, { address: "住所" })).toBe("住所の入力内容を確認してください。");
  });

  it("says 429 in Japanese with the wait, never 「エラーが発生しました（429）」", () => {
    const e = new ApiError(429, "too_many_requests", "slow down", undefined, undefined, 30);
    const message = describeError(e);
    expect(message).not.toContain("429");
    expect(message).toContain("30秒後");
  });
});

describe("retryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfter(null)).toBeUndefined();
    expect(retryAfter("120")).toBe(120);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfter("Thu, 01 Jan 2026 00:05:00 GMT", now)).toBe(300);
    expect(retryAfter("soon")).toBeUndefined();
  });
});

describe("the app's own checks", () => {
  it("takes spaces of any width alone as blank, as the server does", () => {
    for (const v of [" ", "\u3000", "\u00a0", "\u2003\u3000", "\u200b", "\t\n"])
      expect(isBlank(v), JSON.stringify(v)).toBe(true);
    for (const v of ["", "山田", "\u3000山田\u3000"]) expect(isBlank(v)).toBe(false);
    expect(textError("\u3000", "氏名", true)).toBe(
      "氏名が空白だけになっています。文字を入力してください。",
    );
    expect(textError("", "氏名", true)).toBe("氏名を入力してください。");
    expect(textError("", "住所")).toBe("");
  });

  it("accepts a ふりがな in hiragana or katakana only", () => {
    expect(isKanaReading("やまだ たろう")).toBe(true);
    expect(isKanaReading("ヤマダ・タロー")).toBe(true);
    expect(isKanaReading("ﾔﾏﾀﾞ")).toBe(true);
    expect(isKanaReading("山田たろう")).toBe(false);
    expect(isKanaReading("Yamada")).toBe(false);
    expect(isKanaReading("ー")).toBe(false);
  });

  it("maps the server's field to the control", () => {
    expect(controlName("school.name")).toBe("school_name");
    expect(controlName("name")).toBe("name");
  });
});
