import { describe, expect, it } from "vitest";
import { isoToLocalJst, japanDate, localJstToIso, todayInJapan, wareki } from "../src/wareki";

describe("wareki", () => {
  it("formats the era boundaries from the calendar, 元年 included", () => {
    expect(wareki("2019-04-30")).toBe("平成31年4月30日");
    expect(wareki("2019-05-01")).toBe("令和元年5月1日");
    expect(wareki("1989-01-07")).toBe("昭和64年1月7日");
    expect(wareki("1989-01-08")).toBe("平成元年1月8日");
    expect(wareki("2025-07-01")).toBe("令和7年7月1日");
  });
  it("answers nothing for what is not a real date", () => {
    for (const bad of ["", "2025-02-29", "2025-13-01", "20250701", "2025-7-1", null, undefined]) {
      expect(wareki(bad)).toBe("");
    }
    expect(wareki("2024-02-29")).toBe("令和6年2月29日");
  });
});

describe("Japan time", () => {
  it("takes the ward's day of an instant", () => {
    expect(japanDate("2025-06-30T14:59:59Z")).toBe("2025-06-30");
    expect(japanDate("2025-06-30T15:00:00Z")).toBe("2025-07-01");
    expect(todayInJapan(new Date("2025-12-31T15:00:00Z"))).toBe("2026-01-01");
  });
  it("round-trips datetime-local values in JST", () => {
    expect(localJstToIso("2025-07-01T10:30")).toBe("2025-07-01T10:30:00+09:00");
    expect(isoToLocalJst("2025-07-01T01:30:00Z")).toBe("2025-07-01T10:30");
  });
});
