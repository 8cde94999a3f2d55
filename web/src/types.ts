// The shapes of the API's JSON (GET /api/v1/openapi.json is the reference).

export type Role = "caseworker" | "supervisor" | "admin" | "auditor";

export interface User {
  id: string;
  login: string;
  name: string;
  role: Role;
  unit_ids: string[];
  must_change_password: boolean;
}

export interface Settings {
  idle_lock_seconds: number;
  demo: boolean;
  // The lockout rule, stated beside a refused sign-in (the answer never says whether an account
  // is locked). Absent when the settings could not be read.
  max_failed_logins?: number;
  lockout_seconds?: number;
}

export interface Unit {
  id: string;
  name: string;
}

export interface CodeEntry {
  code: string;
  label: string;
  parent?: string;
  group?: string;
  valid_from?: string;
  valid_to?: string;
  flags?: string[];
}

export type CodeLists = Record<string, CodeEntry[]>;

export interface ConsultationType {
  code: string;
  abuse_types: string[];
  witnessed_dv: boolean;
}

export interface NextAction {
  text: string;
  on: string | null;
  policy_id: string;
}

export interface CaseFile {
  id: string;
  number: string;
  received_on: string; // ISO 8601 date-time (UTC)
  unit_id: string;
  status: string;
  consultation_type: ConsultationType;
  referral_route: string;
  yotaikyo_class: string;
  household: string;
  worker_ids: string[];
  created_at: string;
  updated_at: string;
  version: number;
  next_action?: NextAction | null;
}

export interface School {
  kind: string;
  name: string;
}

export interface Person {
  id: string;
  case_id: string;
  role: string;
  name: string;
  name_kana: string;
  sex: string;
  relationship: string;
  birth_date: string | null;
  age: number | null;
  address: string;
  school: School;
  grade: string;
  grade_override: string;
  workplace: string;
  health: string;
  clinic: string;
  nationality: string;
  residence_status: string;
  version: number;
}

export interface Consultation {
  id: string;
  case_id: string;
  date: string;
  type: string;
  method: string;
  content: string;
  author_id: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface Note {
  id: string;
  case_id: string;
  at: string;
  body: string;
  author_id: string;
  corrects: string | null;
  version: number;
}

export interface Policy {
  id: string;
  case_id: string;
  decided_at: string;
  decided_by: string;
  body: string;
  next_action: string;
  next_action_on: string | null;
  version: number;
}

export interface CaseView extends CaseFile {
  people: Person[];
  consultations: Consultation[];
  notes: Note[];
  policies: Policy[];
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

// Who saved a record since the version a stale save was based on (409 stale_version "changes",
// newest first, from the audit log).
export interface RecordChange {
  user_id: string;
  user_name: string;
  at: string; // ISO 8601 date-time (UTC)
}
