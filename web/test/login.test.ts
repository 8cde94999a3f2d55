import { describe, expect, it } from "vitest";
import { ApiError } from "../src/api";
import { signInErrorMessage, signInRefusedMessage } from "../src/screens/Login";

const settings = {
  idle_lock_seconds: 300,
  demo: false,
  max_failed_logins: 5,
  lockout_seconds: 900,
};

describe("signInRefusedMessage", () => {
  it("says one message for the first refusal", () => {
    expect(signInRefusedMessage(settings, 1)).toBe(
      "自治体ID・職員ID・パスワードのいずれかが違います。",
    );
  });

  it("states the lockout rule from the settings and whom to call after repeated refusals", () => {
    expect(signInRefusedMessage(settings, 2)).toBe(
      "自治体ID・職員ID・パスワードのいずれかが違います。" +
        "5回続けて間違えると、アカウントは15分間ロックされます。" +
        "ロックを急いで解除したいときは、システム管理者にお問い合わせください。",
    );
  });

  it("still says whom to call when the settings do not carry the rule", () => {
    expect(signInRefusedMessage({ idle_lock_seconds: 300, demo: false }, 3)).toBe(
      "自治体ID・職員ID・パスワードのいずれかが違います。" +
        "続けて間違えるとアカウントが一定時間ロックされます。お困りのときはシステム管理者にお問い合わせください。",
    );
  });
});

describe("signInErrorMessage", () => {
  it("answers a wrong password, an unknown login and a locked account alike", () => {
    for (const code of ["invalid_credentials", "account_locked"]) {
      const e = new ApiError(401, code, "invalid credentials");
      expect(signInErrorMessage(e, settings, 1)).toBe(
        "自治体ID・職員ID・パスワードのいずれかが違います。",
      );
    }
  });

  it("says throttling in Japanese with the wait from Retry-After, never the status number", () => {
    const e = new ApiError(429, "address_throttled", "too many", undefined, undefined, 300);
    const message = signInErrorMessage(e, settings, 5);
    expect(message).toContain("一時的にサインインできません");
    expect(message).toContain("約5分後");
    expect(message).not.toMatch(/429|[A-Za-z]{3,}/);
    const noWait = signInErrorMessage(new ApiError(429, "device_throttled", "x"), settings, 5);
    expect(noWait).toContain("しばらく待ってから");
    expect(noWait).not.toContain("429");
  });

  it("names the field of a rule in Japanese, not the server's English", () => {
    const e = new ApiError(400, "blank", "must not be blank (spaces only)", "login");
    expect(signInErrorMessage(e, settings, 0)).toBe(
      "職員IDが空白だけになっています。文字を入力してください。",
    );
  });
});
