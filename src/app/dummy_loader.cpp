#include "app/dummy_loader.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "core/error_codes.hpp"
#include "crypto/random.hpp"
#include "domain/audit/audit.hpp"
#include "domain/cases/case_file.hpp"
#include "domain/cases/person.hpp"
#include "domain/cases/records.hpp"
#include "domain/cases/search.hpp"
#include "domain/codes/code_list.hpp"
#include "domain/users/user_service.hpp"
#include "dummy/cases.hpp"

namespace yorisoi::app {
namespace {

using dummy::DummyCase;
using dummy::UnitStaff;

constexpr int kHistoryDays = 1095;  // about three years

// One generated case with the search documents of its people and records (the case's own
// document waits for its number).
struct Prepared {
  DummyCase c;
  std::vector<domain::SearchDoc> docs;
};

core::Result<std::vector<UnitStaff>> LoadStaff(domain::TenantDb& db) {
  std::vector<UnitStaff> staff;
  YS_RETURN_IF_ERROR(
      domain::InTransaction(db, domain::TxMode::kRead, [&](domain::TenantTx& tx) -> core::Status {
        YS_ASSIGN_OR_RETURN(const auto units, tx.units().List());
        YS_ASSIGN_OR_RETURN(const auto users, tx.users().List());
        for (const domain::Unit& unit : units) {
          UnitStaff s;
          s.unit_id = unit.id;
          for (const domain::User& u : users) {
            if (u.disabled) continue;
            if (std::find(u.unit_ids.begin(), u.unit_ids.end(), unit.id) == u.unit_ids.end()) {
              continue;
            }
            if (u.role == domain::Role::kCaseworker) s.caseworker_ids.push_back(u.id);
            if (u.role == domain::Role::kSupervisor) s.supervisor_ids.push_back(u.id);
          }
          staff.push_back(std::move(s));
        }
        return core::Ok();
      }));
  return staff;
}

// Every generated record passes the rules a client's would (the generator's tests make sure of
// it; this keeps a broken generator from writing anything). Thrown as the field that failed.
void CheckRecords(const DummyCase& d, core::TimePoint now) {
  const auto& codes = domain::CodeCatalog::BuiltIn();
  const core::Date today = core::Date::TodayInJapan(now);
  auto check = [](const core::Status& st, const char* kind) {
    if (!st.ok()) throw std::runtime_error(std::string(kind) + " field " + st.error().field);
  };
  check(domain::ValidateCase(d.case_file, codes, now), "case");
  for (const auto& x : d.people) check(domain::ValidatePerson(x, codes, today), "person");
  for (const auto& x : d.consultations) {
    check(domain::ValidateConsultation(x, codes, today), "consultation");
  }
  for (const auto& x : d.notes) check(domain::ValidateNote(x), "note");
  // A decision is checked as of its own day: its next action may be overdue by now.
  for (const auto& x : d.policies) {
    check(domain::ValidatePolicy(x, core::Date::TodayInJapan(x.decided_at)), "policy");
  }
}

core::Status WriteCase(domain::TenantTx& tx, Prepared& p) {
  domain::CaseFile& c = p.c.case_file;
  YS_ASSIGN_OR_RETURN(c.number, domain::NextCaseNumber(tx.cases(), c));
  YS_RETURN_IF_ERROR(tx.cases().Create(c));
  YS_RETURN_IF_ERROR(tx.search().Put(domain::CaseSearchDoc(c)));
  for (const domain::Person& x : p.c.people) {
    YS_RETURN_IF_ERROR(tx.people().Create(x));
  }
  for (const domain::Consultation& x : p.c.consultations) {
    YS_RETURN_IF_ERROR(tx.consultations().Create(x));
  }
  for (const domain::Note& x : p.c.notes) {
    YS_RETURN_IF_ERROR(tx.notes().Append(x));
  }
  for (const domain::Policy& x : p.c.policies) {
    YS_RETURN_IF_ERROR(tx.policies().Append(x));
  }
  for (const domain::SearchDoc& d : p.docs) {
    YS_RETURN_IF_ERROR(tx.search().Put(d));
  }
  return core::Ok();
}

// Record ids in the usual form (prefix + "_" + 24 hex digits) whose first 16 digits count up from
// the start of the run, followed by 32 random bits: a bulk load then appends to the id indexes
// instead of touching a random page of each for every row (which made it I/O-bound). Used by the
// producer thread only.
class IdMaker {
 public:
  explicit IdMaker(core::TimePoint now)
      : next_(static_cast<uint64_t>(core::ToUnixMillis(now) / 1000) << 32), random_([] {
          const std::string seed = crypto::RandomBytes(8);
          uint64_t v = 0;
          for (const char ch : seed) v = (v << 8) | static_cast<unsigned char>(ch);
          return v;
        }()) {}

  std::string Next(std::string_view prefix) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id(prefix);
    id.push_back('_');
    const uint64_t seq = next_++;
    for (int shift = 60; shift >= 0; shift -= 4) id.push_back(kHex[(seq >> shift) & 0xF]);
    const uint64_t r = random_.Next();
    for (int shift = 28; shift >= 0; shift -= 4) id.push_back(kHex[(r >> shift) & 0xF]);
    return id;
  }

 private:
  uint64_t next_;
  dummy::Rng random_;
};

// Generates batches on a thread of its own while the caller writes the previous one.
class Producer {
 public:
  using Batch = std::vector<Prepared>;

  Producer(int64_t total, int batch, std::function<Prepared(int64_t)> make)
      : total_(total), batch_(batch), make_(std::move(make)), thread_([this] { Run(); }) {}
  ~Producer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // The next batch; empty when everything was produced (or generation failed: see failed()).
  Batch Next() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !ready_.empty() || done_; });
    if (ready_.empty()) return {};
    Batch b = std::move(ready_.front());
    ready_.pop_front();
    cv_.notify_all();
    return b;
  }
  // Why generation stopped early ("" when it did not).
  std::string failure() const {
    std::lock_guard lock(mu_);
    return failure_;
  }

 private:
  void Run() {
    try {
      for (int64_t first = 0; first < total_; first += batch_) {
        Batch b;
        const int64_t end = std::min(total_, first + batch_);
        b.reserve(static_cast<std::size_t>(end - first));
        for (int64_t i = first; i < end; ++i) b.push_back(make_(i));
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return ready_.size() < 2 || stop_; });
        if (stop_) break;
        ready_.push_back(std::move(b));
        cv_.notify_all();
      }
    } catch (const std::exception& e) {
      std::lock_guard lock(mu_);
      failure_ = e.what();
    }
    std::lock_guard lock(mu_);
    done_ = true;
    cv_.notify_all();
  }

  const int64_t total_;
  const int batch_;
  std::function<Prepared(int64_t)> make_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> ready_;
  bool stop_ = false;
  bool done_ = false;
  std::string failure_;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace

core::Result<DummyReport> AddDummyCases(domain::Storage& storage, const core::Clock& clock,
                                        const DummyOptions& options) {
  if (options.cases < 1 || options.cases > kMaxDummyCases) {
    return core::Error::InvalidArgument("--cases", "must be from 1 to 10000000",
                                        core::codes::kOutOfRange);
  }
  if (options.notes_per_case < 0 || options.notes_per_case > kMaxDummyNotesPerCase) {
    return core::Error::InvalidArgument("--notes-per-case", "must be from 0 to 1000",
                                        core::codes::kOutOfRange);
  }
  auto opened = storage.OpenTenant(options.tenant);
  if (!opened.ok()) {
    if (opened.error().errc == core::Errc::kNotFound) {
      return core::Error::NotFound("no such tenant (add it with 'yorisoi tenant add')");
    }
    return std::move(opened).error();
  }
  domain::TenantDb& db = **opened;
  YS_ASSIGN_OR_RETURN(const std::vector<UnitStaff> staff, LoadStaff(db));
  if (staff.empty()) {
    return core::Error::InvalidArgument(
        "--tenant", "the tenant has no unit to give cases to (add one with 'yorisoi unit add')",
        core::codes::kNoUnits);
  }
  const bool has_staff = std::any_of(staff.begin(), staff.end(), [](const UnitStaff& s) {
    return !s.caseworker_ids.empty() || !s.supervisor_ids.empty();
  });
  if (!has_staff) {
    return core::Error::InvalidArgument("--tenant",
                                        "the tenant has no caseworker or supervisor to write the "
                                        "records (add one with 'yorisoi user add')",
                                        core::codes::kNoStaff);
  }

  const core::TimePoint now = clock.Now();
  const core::Date today = core::Date::TodayInJapan(now);
  const core::Date first_day = today.AddDays(-kHistoryDays);
  const int64_t total = options.cases;
  const dummy::Rng base(options.seed);
  IdMaker ids(now);

  // Case i is received on a day of the i-th of `total` equal slices of the history window,
  // oldest first, so that case numbers follow the receiving order.
  auto make = [&](int64_t i) {
    dummy::Rng slot = base.Fork("slot/" + std::to_string(i));
    dummy::Rng rng = base.Fork("case/" + std::to_string(i));
    const double position = (static_cast<double>(i) + slot.Real()) / static_cast<double>(total);
    dummy::CaseOptions co;
    co.notes_per_case = options.notes_per_case;
    co.history_days = kHistoryDays;
    co.received_on =
        first_day.AddDays(static_cast<int64_t>(position * static_cast<double>(kHistoryDays + 1)));
    co.new_id = [&ids](std::string_view prefix) { return ids.Next(prefix); };
    Prepared p{dummy::MakeCase(rng, options.tenant, now, staff, co), {}};
    CheckRecords(p.c, now);
    p.docs.reserve(p.c.people.size() + p.c.consultations.size() + p.c.notes.size());
    for (const auto& x : p.c.people) p.docs.push_back(domain::PersonSearchDoc(x));
    for (const auto& x : p.c.consultations) p.docs.push_back(domain::ConsultationSearchDoc(x));
    for (const auto& x : p.c.notes) p.docs.push_back(domain::NoteSearchDoc(x));
    return p;
  };

  const int batch = std::clamp(options.batch, 1, 10000);
  DummyReport report;
  if (options.progress) options.progress(0, total);
  Producer producer(total, batch, make);
  while (report.cases < total) {
    Producer::Batch b = producer.Next();
    if (b.empty()) {
      return core::Error::Internal("generating the dummy cases failed: " + producer.failure());
    }
    // Numbers in the order of receipt.
    std::stable_sort(b.begin(), b.end(), [](const Prepared& x, const Prepared& y) {
      return x.c.case_file.received_at < y.c.case_file.received_at;
    });
    const core::Status written = domain::InTransaction(
        db, domain::TxMode::kWrite, [&](domain::TenantTx& tx) -> core::Status {
          for (Prepared& p : b) {
            YS_RETURN_IF_ERROR(WriteCase(tx, p));
          }
          // Every batch is recorded in its own transaction, so an interrupted run leaves no
          // unrecorded rows. Ids only — and here not even those: the count says what was added.
          auto entry =
              domain::MakeAuditEntry(domain::UserService::CliActor(), clock.Now(), "dummy.generate",
                                     "case", {}, "ok", "cases=" + std::to_string(b.size()));
          return tx.audit().Append(entry);
        });
    if (!written.ok()) return written.error();
    for (const Prepared& p : b) {
      ++report.cases;
      report.people += static_cast<int64_t>(p.c.people.size());
      report.consultations += static_cast<int64_t>(p.c.consultations.size());
      report.notes += static_cast<int64_t>(p.c.notes.size());
      report.policies += static_cast<int64_t>(p.c.policies.size());
    }
    if (options.progress) options.progress(report.cases, total);
  }
  return report;
}

}  // namespace yorisoi::app
