// `yorisoi dummy`: writes fictitious cases (dummy/cases.hpp) into a tenant — for demos,
// tests and benchmarks. Never real data.
//
// The cases are received evenly over the last three years (oldest first, so case numbers follow
// the receiving order within each fiscal year), given to the tenant's units and written by their
// caseworkers and supervisors. They are written in batches of `batch` cases per write
// transaction, each record with its search document, and one audit entry "dummy.generate"
// (the count only) commits with the last batch. The same seed, tenant, staff and day give the
// same content. Ids have the usual form but count up within a run (then 32 random bits), so that
// a bulk load appends to the id indexes; generation runs on a second thread beside the writer.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/storage.hpp"

namespace yorisoi::app {

struct DummyOptions {
  std::string tenant;
  int64_t cases = 0;  // 1 .. kMaxDummyCases
  uint64_t seed = 1;
  int notes_per_case = 5;  // 0 .. kMaxDummyNotesPerCase
  int batch = 500;         // cases per write transaction
  // Called after every batch (and once at the start with done = 0). From the calling thread.
  std::function<void(int64_t done, int64_t total)> progress;
};

inline constexpr int64_t kMaxDummyCases = 10'000'000;
inline constexpr int kMaxDummyNotesPerCase = 1000;

struct DummyReport {
  int64_t cases = 0;
  int64_t people = 0;
  int64_t consultations = 0;
  int64_t notes = 0;
  int64_t policies = 0;
};

// kInvalidArgument for counts out of range ("--cases", "--notes-per-case"); kNotFound for an
// unknown tenant; kInvalidArgument "--tenant" when the tenant has no unit, or no caseworker or
// supervisor to write the records. Messages carry no personal data.
core::Result<DummyReport> AddDummyCases(domain::Storage& storage, const core::Clock& clock,
                                        const DummyOptions& options);

}  // namespace yorisoi::app
