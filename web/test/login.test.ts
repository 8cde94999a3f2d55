import { describe, expect, it } from "vitest";
import { signInRefusedMessage } from "../src/screens/Login";

describe("signInRefusedMessage", () => {
  it("says one message for every refusal and states the lockout rule from the settings", () => {
    const message = signInRefusedMessage({
      idle_lock_seconds: 300,
      demo: false,
      max_failed_logins: 5,
      lockout_seconds: 900,
    });
    expect(message).toBe(
      "自治体ID・職員ID・パスワードのいずれかが違います。" +
        "5回続けて間違えると、アカウントは15分間ロックされます。解除を急ぐときは管理者に連絡してください。",
    );
  });

  it("leaves the rule out when the settings do not carry it", () => {
    expect(signInRefusedMessage({ idle_lock_seconds: 300, demo: false })).toBe(
      "自治体ID・職員ID・パスワードのいずれかが違います。",
    );
  });
});
