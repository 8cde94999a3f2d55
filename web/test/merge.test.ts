import { describe, expect, it } from "vitest";
import { differences, merged } from "../src/merge";

describe("conflict merge", () => {
  const fields = ["household", "referral_route", "consultation_type"];
  const mine = {
    household: "母と二人",
    referral_route: "school",
    consultation_type: { code: "abuse" },
  };
  const theirs = {
    household: "母と祖母",
    referral_route: "school",
    consultation_type: { code: "abuse" },
    version: 4,
  };
  it("lists only the fields that differ", () => {
    expect(differences(mine, theirs, fields)).toEqual([
      { field: "household", mine: "母と二人", theirs: "母と祖母" },
    ]);
  });
  it("builds the body from the choices on the current version", () => {
    expect(merged(mine, theirs, fields, { household: "mine" })).toEqual({
      version: 4,
      household: "母と二人",
      referral_route: "school",
      consultation_type: { code: "abuse" },
    });
    expect(merged(mine, theirs, fields, { household: "theirs" }).household).toBe("母と祖母");
  });
});
