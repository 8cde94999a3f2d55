import { describe, expect, it } from "vitest";
import { entriesOn, grouped, label } from "../src/codes";
import type { CodeLists } from "../src/types";

const codes: CodeLists = {
  residence_status: [
    {
      code: "technical_intern_training",
      label: "技能実習",
      valid_to: "2027-03-31",
      group: "別表第一",
    },
    {
      code: "technical_intern_training_1",
      label: "技能実習1号",
      parent: "technical_intern_training",
      group: "別表第一",
    },
    {
      code: "employment_for_skill_development",
      label: "育成就労",
      valid_from: "2027-04-01",
      group: "別表第一",
    },
    { code: "permanent_resident", label: "永住者", group: "別表第二" },
  ],
};

describe("code lists", () => {
  it("labels codes and leaves unknown ones as they are", () => {
    expect(label(codes, "residence_status", "permanent_resident")).toBe("永住者");
    expect(label(codes, "residence_status", "nowhere")).toBe("nowhere");
    expect(label(codes, "residence_status", "")).toBe("");
  });
  it("offers what is valid on the record's date, a child only with its parent", () => {
    const before = entriesOn(codes, "residence_status", "2027-03-31").map((e) => e.code);
    const after = entriesOn(codes, "residence_status", "2027-04-01").map((e) => e.code);
    expect(before).toEqual([
      "technical_intern_training",
      "technical_intern_training_1",
      "permanent_resident",
    ]);
    expect(after).toEqual(["employment_for_skill_development", "permanent_resident"]);
    // The current value stays visible on an old record.
    expect(
      entriesOn(codes, "residence_status", "2027-04-01", "technical_intern_training_1").map(
        (e) => e.code,
      ),
    ).toContain("technical_intern_training_1");
  });
  it("groups for pickers in catalog order", () => {
    expect(grouped(codes.residence_status ?? []).map(([g, es]) => [g, es.length])).toEqual([
      ["別表第一", 3],
      ["別表第二", 1],
    ]);
  });
});
