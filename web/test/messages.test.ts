import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { codeMessages, messageFor } from "../src/messages";

// The server's codes, read from the one place they are defined.
const header = readFileSync(resolve(__dirname, "../../src/core/error_codes.hpp"), "utf8");
const serverCodes = [...header.matchAll(/std::string_view k\w+ = "([a-z0-9_]+)";/g)].map(
  (x) => x[1] ?? "",
);

describe("codeMessages", () => {
  it("reads the server's codes", () => {
    expect(serverCodes.length).toBeGreaterThan(100);
    expect(serverCodes).toContain("blank");
    expect(serverCodes).toContain("in_future");
  });

  it("has a Japanese message for every server code", () => {
    const missing = serverCodes.filter((c) => !Object.hasOwn(codeMessages, c));
    expect(missing).toEqual([]);
  });

  it("has no message for a code the server does not have", () => {
    const stale = Object.keys(codeMessages).filter((c) => !serverCodes.includes(c));
    expect(stale).toEqual([]);
  });

  it("has no English words in any message", () => {
    for (const [code, entry] of Object.entries(codeMessages)) {
      for (const text of [entry.text, entry.withNumber ?? ""]) {
        expect(text.replace(/ID|abc|\{field\}|\{n\}/g, ""), code).not.toMatch(/[A-Za-z]{2,}/);
      }
    }
  });
});

describe("messageFor", () => {
  it("names the field in Japanese and never passes on the server's English", () => {
    expect(messageFor("blank", "氏名", "must not be blank (spaces only)")).toBe(
      "氏名が空白だけになっています。文字を入力してください。",
    );
    expect(messageFor("in_future", "生年月日", "must not be in the future")).toBe(
      "生年月日に未来の日付は入力できません。",
    );
    expect(messageFor("kana_only", "ふりがな", "must be written in kana only")).toBe(
      "ふりがなはひらがな・カタカナで入力してください。",
    );
  });

  it("takes the number of a length rule from the server's message", () => {
    expect(messageFor("too_long", "氏名", "must be at most 100 characters")).toBe(
      "氏名は100文字以内で入力してください。",
    );
    expect(messageFor("too_long", "氏名", "")).toBe("氏名が長すぎます。");
  });

  it("falls back to a generic Japanese message naming the field for an unknown code", () => {
    expect(messageFor("some_new_rule", "住所", "must be something new")).toBe(
      "住所の入力内容を確認してください。",
    );
    expect(messageFor("toString", "", "x")).toBe("入力内容を確認してください。");
  });
});
