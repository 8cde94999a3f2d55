import { describe, expect, it } from "vitest";
import { timeline } from "../src/screens/CaseDetail";
import type { CaseView, Consultation, Note, Policy } from "../src/types";

const note = (id: string, at: string): Note => ({
  id,
  case_id: "c",
  at,
  body: "",
  author_id: "u",
  corrects: null,
  version: 1,
});
const con = (id: string, date: string): Consultation => ({
  id,
  case_id: "c",
  date,
  type: "abuse",
  method: "phone",
  content: "",
  author_id: "u",
  created_at: "",
  updated_at: "",
  version: 1,
});
const pol = (id: string, at: string): Policy => ({
  id,
  case_id: "c",
  decided_at: at,
  decided_by: "u",
  body: "",
  next_action: "",
  next_action_on: null,
  version: 1,
});

describe("timeline", () => {
  it("orders every kind newest first, by the ward's day and time", () => {
    const entries = timeline({
      view: {} as CaseView,
      consultations: [con("c1", "2025-07-01"), con("c2", "2025-07-03")],
      // 2025-07-01T16:00Z is 2025-07-02 01:00 in Japan.
      notes: [note("n1", "2025-07-01T16:00:00Z"), note("n2", "2025-06-30T23:00:00Z")],
      policies: [pol("p1", "2025-07-04T00:00:00Z")],
    });
    expect(entries.map((e) => e.item.id)).toEqual(["p1", "c2", "n1", "c1", "n2"]);
  });
});
