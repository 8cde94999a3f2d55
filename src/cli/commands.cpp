#include "cli/commands.hpp"

#include <termios.h>
#include <unistd.h>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <limits>
#include <optional>
#include <string>

#include "app/backup.hpp"
#include "app/installation.hpp"
#include "core/date.hpp"
#include "crypto/random.hpp"
#include "domain/audit/audit_report.hpp"

namespace yorisoi::cli {
namespace {

const char* kDataHelp = "data folder (default $YORISOI_DATA or ./yorisoi-data)";

std::string One(const Args& a, const char* name) {
  auto it = a.find(name);
  return it == a.end() || it->second.empty() ? std::string() : it->second.front();
}

bool Given(const Args& a, const char* name) {
  auto it = a.find(name);
  return it != a.end() && !it->second.empty();
}

std::vector<std::string> Many(const Args& a, const char* name) {
  auto it = a.find(name);
  return it == a.end() ? std::vector<std::string>{} : it->second;
}

std::string DataDirOf(const Args& a) {
  std::string d = One(a, "--data");
  if (!d.empty()) return d;
  if (const char* env = std::getenv("YORISOI_DATA"); env != nullptr && *env != '\0') return env;
  return "./yorisoi-data";
}

int Fail(const core::Error& e) {
  std::fprintf(stderr, "yorisoi: error: %s%s%s\n", e.message.c_str(),
               e.field.empty() ? "" : " — field: ", e.field.c_str());
  return 1;
}

int Report(const core::Status& s) { return s.ok() ? 0 : Fail(s.error()); }

// A secret from standard input: one line. On a terminal, asked for without echo.
std::optional<std::string> ReadSecret(const char* prompt) {
  const bool tty = ::isatty(STDIN_FILENO) != 0;
  termios old{};
  if (tty) {
    std::fprintf(stderr, "%s: ", prompt);
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  if (!got) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int CmdInit(const Args& a) {
  return Report(app::Installation::Init(DataDirOf(a), Many(a, "--hostname"), One(a, "--postgres"),
                                        One(a, "--postgres-password-file")));
}

template <typename Fn>
int WithInstallation(const Args& a, Fn&& fn) {
  auto inst = app::Installation::Open(DataDirOf(a));
  if (!inst.ok()) return Fail(inst.error());
  return fn(**inst);
}

int CmdTenantAdd(const Args& a) {
  return WithInstallation(a, [&](app::Installation& inst) {
    return Report(inst.AddTenant(One(a, "--id"), One(a, "--name")));
  });
}

int CmdUnitAdd(const Args& a) {
  return WithInstallation(a, [&](app::Installation& inst) {
    auto unit = inst.AddUnit(One(a, "--tenant"), One(a, "--id"), One(a, "--name"));
    return unit.ok() ? 0 : Fail(unit.error());
  });
}

int CmdUserAdd(const Args& a) {
  const auto role = domain::ParseRole(One(a, "--role"));
  if (!role) {
    std::fprintf(stderr,
                 "yorisoi: error: --role must be caseworker, supervisor, admin or auditor\n");
    return 2;
  }
  return WithInstallation(a, [&](app::Installation& inst) {
    auto password = ReadSecret("Password");
    if (!password) {
      std::fprintf(stderr,
                   "yorisoi: error: the password is read from standard input, and it was empty\n");
      return 1;
    }
    auto user = inst.AddUser(
        One(a, "--tenant"),
        domain::NewUser{One(a, "--login"), One(a, "--name"), *role, Many(a, "--unit")}, *password);
    if (!user.ok()) return Fail(user.error());
    std::printf("%s\n", user->id.c_str());
    return 0;
  });
}

// An optional date option (YYYY-MM-DD); the error names the option.
core::Result<std::optional<core::Date>> DateOption(const Args& a, const char* name) {
  if (!Given(a, name)) return std::optional<core::Date>();
  YS_ASSIGN_OR_RETURN(core::Date d, core::Date::Parse(One(a, name), name));
  return std::optional<core::Date>(d);
}

int CmdCodesAdd(const Args& a) {
  domain::CodeEntry entry;
  entry.code = One(a, "--code");
  entry.label = One(a, "--label");
  entry.parent = One(a, "--parent");
  entry.group = One(a, "--group");
  entry.flags = Many(a, "--flag");
  auto from = DateOption(a, "--valid-from");
  if (!from.ok()) return Fail(from.error());
  auto to = DateOption(a, "--valid-to");
  if (!to.ok()) return Fail(to.error());
  entry.valid_from = *from;
  entry.valid_to = *to;
  return WithInstallation(a, [&](app::Installation& inst) {
    auto added = inst.codes().AddEntry(domain::UserService::CliActor(), One(a, "--tenant"),
                                       One(a, "--list"), std::move(entry));
    if (!added.ok()) return Fail(added.error());
    std::printf("%s/%s\n", added->list.c_str(), added->entry.code.c_str());
    return 0;
  });
}

int CmdCodesEnd(const Args& a) {
  auto to = DateOption(a, "--valid-to");
  if (!to.ok()) return Fail(to.error());
  return WithInstallation(a, [&](app::Installation& inst) {
    auto changed = inst.codes().SetValidTo(domain::UserService::CliActor(), One(a, "--tenant"),
                                           One(a, "--list"), One(a, "--code"), *to);
    return changed.ok() ? 0 : Fail(changed.error());
  });
}

int CmdCodesList(const Args& a) {
  return WithInstallation(a, [&](app::Installation& inst) {
    auto entries = inst.codes().ListTenantEntries(One(a, "--tenant"));
    if (!entries.ok()) return Fail(entries.error());
    std::printf("list\tcode\tlabel\tparent\tvalid_from\tvalid_to\n");
    for (const auto& e : *entries) {
      std::printf("%s\t%s\t%s\t%s\t%s\t%s\n", e.list.c_str(), e.entry.code.c_str(),
                  e.entry.label.c_str(), e.entry.parent.c_str(),
                  e.entry.valid_from ? e.entry.valid_from->ToIso().c_str() : "",
                  e.entry.valid_to ? e.entry.valid_to->ToIso().c_str() : "");
    }
    return 0;
  });
}

int CmdDeviceEnroll(const Args& a) {
  return WithInstallation(a, [&](app::Installation& inst) {
    auto password =
        inst.EnrollDevice(One(a, "--tenant"), One(a, "--name"), One(a, "--kind"), One(a, "--out"));
    if (!password.ok()) return Fail(password.error());
    const std::string out = One(a, "--out");
    std::printf("enrolled %s: %s.p12 %s.crt.pem %s.key.pem\n", One(a, "--name").c_str(),
                out.c_str(), out.c_str(), out.c_str());
    std::printf("PKCS#12 password (shown once): %s\n", password->c_str());
    return 0;
  });
}

int CmdDeviceRevoke(const Args& a) {
  const std::string reason = Given(a, "--reason") ? One(a, "--reason") : "other";
  return WithInstallation(a, [&](app::Installation& inst) {
    auto device = inst.RevokeDevice(One(a, "--tenant"), One(a, "--name"), reason);
    if (!device.ok()) return Fail(device.error());
    std::printf("revoked %s (%s)\n", device->name.c_str(), device->id.c_str());
    return 0;
  });
}

int CmdDeviceList(const Args& a) {
  return WithInstallation(a, [&](app::Installation& inst) {
    auto devices = inst.devices().List(One(a, "--tenant"));
    if (!devices.ok()) return Fail(devices.error());
    std::printf("name\tid\tkind\tstate\tlast_seen_at\tlast_seen_address\tlast_user_id\n");
    for (const auto& d : *devices) {
      std::printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.name.c_str(), d.id.c_str(), d.kind.c_str(),
                  d.state.c_str(),
                  d.last_seen_at ? core::FormatIso8601Utc(*d.last_seen_at).c_str() : "",
                  d.last_seen_address.c_str(), d.last_user_id.c_str());
    }
    return 0;
  });
}

int CmdAuditVerify(const Args& a) {
  return WithInstallation(a, [&](app::Installation& inst) {
    auto v = inst.VerifyAudit(One(a, "--tenant"));
    if (!v.ok()) return Fail(v.error());
    if (!v->ok()) {
      const std::string against =
          v->checkpoint.empty() ? std::string() : " against checkpoint " + v->checkpoint;
      std::fprintf(stderr,
                   "yorisoi: error: audit chain broken at entry %lld (%s)%s; %lld entries before "
                   "it verify\n",
                   static_cast<long long>(*v->first_broken_seq), v->reason.c_str(), against.c_str(),
                   static_cast<long long>(v->checked));
      return 1;
    }
    std::printf("audit chain ok: %lld entries verified, %lld checkpoints\n",
                static_cast<long long>(v->checked), static_cast<long long>(v->checkpoints));
    return 0;
  });
}

int CmdAuditReport(const Args& a) {
  const std::string format = Given(a, "--format") ? One(a, "--format") : "json";
  if (format != "json" && format != "html") {
    std::fprintf(stderr, "yorisoi: error: --format must be json or html (pdf is not available)\n");
    return 2;
  }
  const auto today = core::Date::TodayInJapan(core::SystemClock().Now());
  core::Date to = today;
  if (Given(a, "--to")) {
    auto d = core::Date::Parse(One(a, "--to"), "--to");
    if (!d.ok()) return Fail(d.error());
    to = *d;
  }
  core::Date from = to.AddDays(-29);
  if (Given(a, "--from")) {
    auto d = core::Date::Parse(One(a, "--from"), "--from");
    if (!d.ok()) return Fail(d.error());
    from = *d;
  }
  return WithInstallation(a, [&](app::Installation& inst) {
    auto report = inst.AuditReport(One(a, "--tenant"), from, to);
    if (!report.ok()) return Fail(report.error());
    const std::string text = format == "html" ? domain::AuditReportHtml(*report)
                                              : domain::AuditReportJson(*report) + "\n";
    if (!Given(a, "--out")) {
      std::fwrite(text.data(), 1, text.size(), stdout);
      return 0;
    }
    if (auto written = app::WritePrivateFile(One(a, "--out"), text); !written.ok()) {
      return Fail(written.error());
    }
    std::printf("audit report %s..%s: %zu flags, written to %s\n", from.ToIso().c_str(),
                to.ToIso().c_str(), report->flags.size(), One(a, "--out").c_str());
    return 0;
  });
}

int CmdAuditCheckpoint(const Args& a) {
  return WithInstallation(a, [&](app::Installation& inst) {
    auto written = inst.CheckpointAudit(One(a, "--tenant"));
    if (!written.ok()) return Fail(written.error());
    std::printf("audit checkpoint %s: seq %lld hash %s\n", written->file.c_str(),
                static_cast<long long>(written->head.seq), written->head.hash.c_str());
    return 0;
  });
}

// Progress on stderr: counts only ("search reindex  tenant-a  200/1000 cases  1543 documents").
int CmdSearchReindex(const Args& a) {
  const std::string tenant = One(a, "--tenant");
  return WithInstallation(a, [&](app::Installation& inst) {
    auto print = [&](const domain::SearchIndexer::ReindexProgress& p) {
      std::fprintf(stderr, "search reindex  %s  %lld/%lld cases  %lld documents\n", tenant.c_str(),
                   static_cast<long long>(p.cases_done), static_cast<long long>(p.cases_total),
                   static_cast<long long>(p.documents));
    };
    auto done = inst.ReindexSearch(tenant, print);
    if (!done.ok()) return Fail(done.error());
    std::printf("reindexed %lld cases (%lld documents)\n", static_cast<long long>(done->cases_done),
                static_cast<long long>(done->documents));
    return 0;
  });
}

int CmdServe(const Args& a) {
  return WithInstallation(a, [&](app::Installation& inst) {
    app::Installation::ServeOptions so;
    if (auto l = One(a, "--listen"); !l.empty()) so.listen = l;
    if (auto o = One(a, "--ops"); !o.empty()) so.ops_listen = o;
    return Report(inst.Serve(so));
  });
}

// A whole number in [lo, hi] from an option, or nullopt (then the caller reports bad usage).
std::optional<int64_t> ParseCount(const std::string& text, int64_t lo, int64_t hi) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || v < lo || v > hi) return std::nullopt;
  return v;
}

int Usage(const char* message) {
  std::fprintf(stderr, "yorisoi: error: %s\n", message);
  return 2;
}

// A progress bar on standard error: redrawn in place on a terminal (at most ten times a second),
// else a line at every tenth (for dummy, only for large runs). line(done, total, seconds) draws it.
class ProgressBar {
 public:
  using Line = std::function<std::string(int64_t done, int64_t total, double seconds)>;
  ProgressBar(int64_t total, Line line, bool lines_when_piped = true)
      : total_(total),
        line_(std::move(line)),
        tty_(::isatty(STDERR_FILENO) != 0),
        lines_(!tty_ && lines_when_piped),
        start_(std::chrono::steady_clock::now()) {}

  void SetTotal(int64_t total) { total_ = total; }

  void Update(int64_t done) {
    if (!tty_ && !lines_) return;
    done = std::clamp<int64_t>(done, 0, std::max<int64_t>(total_, 0));
    const auto now = std::chrono::steady_clock::now();
    if (tty_) {
      if (done != total_ && now - last_ < std::chrono::milliseconds(100)) return;
      if (done == total_ && finished_) return;
      last_ = now;
      std::fprintf(stderr, "\r%s\033[K", Draw(done, now).c_str());  // \033[K: clear the rest
      if (done == total_) {
        std::fprintf(stderr, "\n");
        finished_ = true;
      }
    } else {
      const int64_t tenth = total_ > 0 ? done * 10 / total_ : 10;
      if (tenth == last_tenth_) return;
      last_tenth_ = tenth;
      std::fprintf(stderr, "%s\n", Draw(done, now).c_str());
    }
    std::fflush(stderr);
  }

  // Before an error line: ends a bar left half-drawn on a terminal.
  void Abandon() {
    if (tty_ && !finished_ && last_ != std::chrono::steady_clock::time_point{}) {
      std::fprintf(stderr, "\n");
      finished_ = true;
    }
  }

  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  // "[#####     ]"
  static std::string Bar(int64_t done, int64_t total) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(done * kWidth / std::max<int64_t>(total, 1));
    return "[" + std::string(static_cast<std::size_t>(filled), '#') +
           std::string(static_cast<std::size_t>(kWidth - filled), ' ') + "]";
  }

 private:
  std::string Draw(int64_t done, std::chrono::steady_clock::time_point now) const {
    return line_(done, total_, std::chrono::duration<double>(now - start_).count());
  }

  int64_t total_;
  const Line line_;
  const bool tty_;
  const bool lines_;
  const std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_{};
  int64_t last_tenth_ = -1;
  bool finished_ = false;
};

// "dummy  12000/100000 cases  [#####     ]  1850 cases/s"; lines when piped for large runs only.
ProgressBar CasesBar(int64_t total) {
  constexpr int64_t kLargeRun = 10000;
  return ProgressBar(
      total,
      [](int64_t done, int64_t all, double secs) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "dummy  %lld/%lld cases  %s  %.0f cases/s",
                      static_cast<long long>(done), static_cast<long long>(all),
                      ProgressBar::Bar(done, all).c_str(),
                      secs > 0 ? static_cast<double>(done) / secs : 0.0);
        return std::string(buf);
      },
      total >= kLargeRun);
}

double MiB(uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

// "backup  12.3/45.6 MiB  [#####     ]  27%  15.2 MiB/s"
ProgressBar BytesBar(const char* label) {
  return ProgressBar(0, [label](int64_t done, int64_t total, double secs) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s  %.1f/%.1f MiB  %s  %3lld%%  %.1f MiB/s", label,
                  MiB(static_cast<uint64_t>(done)), MiB(static_cast<uint64_t>(total)),
                  ProgressBar::Bar(done, total).c_str(),
                  static_cast<long long>(total > 0 ? done * 100 / total : 100),
                  secs > 0 ? MiB(static_cast<uint64_t>(done)) / secs : 0.0);
    return std::string(buf);
  });
}

int CmdDummy(const Args& a) {
  const auto cases = ParseCount(One(a, "--cases"), 1, app::kMaxDummyCases);
  if (!cases) return Usage("--cases must be a whole number from 1 to 10000000");
  std::optional<int64_t> notes = app::DummyOptions{}.notes_per_case;
  if (const std::string n = One(a, "--notes-per-case"); Given(a, "--notes-per-case")) {
    notes = ParseCount(n, 0, app::kMaxDummyNotesPerCase);
    if (!notes) return Usage("--notes-per-case must be a whole number from 0 to 1000");
  }
  std::optional<int64_t> seed = 1;
  if (const std::string s = One(a, "--seed"); Given(a, "--seed")) {
    seed = ParseCount(s, 0, std::numeric_limits<int64_t>::max());
    if (!seed) return Usage("--seed must be a whole number (0 or more)");
  }
  return WithInstallation(a, [&](app::Installation& inst) {
    ProgressBar bar = CasesBar(*cases);
    app::DummyOptions options;
    options.tenant = One(a, "--tenant");
    options.cases = *cases;
    options.seed = static_cast<uint64_t>(*seed);
    options.notes_per_case = static_cast<int>(*notes);
    options.progress = [&bar](int64_t done, int64_t) { bar.Update(done); };
    auto report = inst.AddDummyCases(options);
    if (!report.ok()) return Fail(report.error());
    const double secs = bar.Seconds();
    std::printf(
        "added %lld cases (%lld people, %lld consultations, %lld notes, %lld policies) in %.1f s"
        " (%.0f cases/s)\n",
        static_cast<long long>(report->cases), static_cast<long long>(report->people),
        static_cast<long long>(report->consultations), static_cast<long long>(report->notes),
        static_cast<long long>(report->policies), secs,
        secs > 0 ? static_cast<double>(report->cases) / secs : 0.0);
    return 0;
  });
}

// The backup key: the first line of standard input (on a terminal, asked for without echo; a
// backup asks twice there).
std::optional<std::string> ReadBackupKey(bool confirm) {
  auto key = ReadSecret("Backup key");
  if (!key || key->empty()) {
    std::fprintf(stderr,
                 "yorisoi: error: the backup key is read from standard input, and it was empty\n");
    return std::nullopt;
  }
  if (const auto weak = app::CheckBackupKey(*key); !weak.ok()) {
    Fail(weak.error());
    return std::nullopt;
  }
  if (confirm && ::isatty(STDIN_FILENO) != 0) {
    auto again = ReadSecret("Backup key again");
    if (!again || *again != *key) {
      std::fprintf(stderr, "yorisoi: error: the two backup keys differ\n");
      return std::nullopt;
    }
  }
  return key;
}

int CmdBackup(const Args& a) {
  auto key = ReadBackupKey(/*confirm=*/true);
  if (!key) return 1;
  ProgressBar bar = BytesBar("backup");
  app::BackupOptions options;
  options.data_dir = DataDirOf(a);
  options.out = One(a, "--out");
  options.key = std::move(*key);
  options.progress = [&bar](uint64_t done, uint64_t total) {
    bar.SetTotal(static_cast<int64_t>(total));
    bar.Update(static_cast<int64_t>(done));
  };
  auto report = app::CreateBackup(options);
  if (!report.ok()) {
    bar.Abandon();
    return Fail(report.error());
  }
  bar.Update(std::numeric_limits<int64_t>::max());  // the end, whatever the estimate was
  const double secs = bar.Seconds();
  std::printf("backup %s: %d databases, %d files, %.1f MiB in %.1f s -> %s (%.1f MiB)\n",
              report->backup_id.c_str(), report->databases, report->files,
              MiB(report->content_bytes), secs, options.out.c_str(), MiB(report->archive_bytes));
  return 0;
}

int CmdRestore(const Args& a) {
  auto key = ReadBackupKey(/*confirm=*/false);
  if (!key) return 1;
  ProgressBar bar = BytesBar("restore");
  app::RestoreOptions options;
  options.data_dir = DataDirOf(a);
  options.in = One(a, "--in");
  options.key = std::move(*key);
  options.progress = [&bar](uint64_t done, uint64_t total) {
    bar.SetTotal(static_cast<int64_t>(total));
    bar.Update(static_cast<int64_t>(done));
  };
  auto report = app::RestoreBackup(options);
  if (!report.ok()) {
    bar.Abandon();
    return Fail(report.error());
  }
  std::printf(
      "restored %s (taken %s, %s): %d databases, %d files, %.1f MiB verified, into %s in %.1f s\n",
      report->header.backup_id.c_str(), report->header.created_at.c_str(),
      report->header.backend.c_str(), report->databases, report->files, MiB(report->content_bytes),
      options.data_dir.c_str(), bar.Seconds());
  return 0;
}

int CmdDemo(const Args& a) {
  auto l = One(a, "--listen");
  return Report(
      app::RunDemo(DataDirOf(a), l.empty() ? std::nullopt : std::optional<std::string>(l)));
}

}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"init",
       "make the data folder, config, platform key and the server's TLS certificate",
       {{"--data", kDataHelp},
        {"--hostname", "a name for the server certificate besides localhost", false, true},
        {"--postgres",
         "use PostgreSQL: postgresql://USER@HOST[:PORT][,HOST2[:PORT2]]/PLATFORM_DB (no password;"
         " the platform database is created when missing, each tenant gets PLATFORM_DB_<id>)"},
        {"--postgres-password-file",
         "a file holding the PostgreSQL password (else PGPASSWORD or PGPASSFILE)"}},
       CmdInit},
      {"tenant add",
       "add a municipality with its own database and keys",
       {{"--data", kDataHelp},
        {"--id", "tenant id, e.g. shinjuku", true},
        {"--name", "display name, e.g. 新宿区", true}},
       CmdTenantAdd},
      {"unit add",
       "add a unit (センター) to a tenant",
       {{"--data", kDataHelp},
        {"--tenant", "tenant id", true},
        {"--id", "unit id, e.g. sogo", true},
        {"--name", "display name", true}},
       CmdUnitAdd},
      {"user add",
       "add a staff account; the password is read from standard input",
       {{"--data", kDataHelp},
        {"--tenant", "tenant id", true},
        {"--login", "login ID", true},
        {"--name", "display name", true},
        {"--role", "caseworker, supervisor, admin or auditor", true},
        {"--unit", "unit id (repeat for several)", false, true}},
       CmdUserAdd},
      {"codes add",
       "add an entry of the ward's own to a built-in code list (e.g. a 相談経路 of the ward)",
       {{"--data", kDataHelp},
        {"--tenant", "tenant id", true},
        {"--list", "list name, e.g. referral_route (see GET /api/v1/codes)", true},
        {"--code", "snake_case code, unique in the list", true},
        {"--label", "Japanese label", true},
        {"--parent", "code of the parent entry in the same list"},
        {"--group", "grouping label for pickers (default: the parent's)"},
        {"--valid-from", "first valid day, YYYY-MM-DD"},
        {"--valid-to", "last valid day, YYYY-MM-DD"},
        {"--flag", "snake_case marker (repeat for several)", false, true}},
       CmdCodesAdd},
      {"codes end",
       "end the validity of an entry of the ward's own (records before keep it)",
       {{"--data", kDataHelp},
        {"--tenant", "tenant id", true},
        {"--list", "list name", true},
        {"--code", "code", true},
        {"--valid-to", "last valid day, YYYY-MM-DD", true}},
       CmdCodesEnd},
      {"codes list",
       "print the ward's own code entries (tab-separated)",
       {{"--data", kDataHelp}, {"--tenant", "tenant id", true}},
       CmdCodesList},
      {"device enroll",
       "issue a client certificate for a tablet or export terminal (PREFIX.p12 for MDM, PEM files)",
       {{"--data", kDataHelp},
        {"--tenant", "tenant id", true},
        {"--name", "device name, e.g. sogo-tablet-07 (never a person's name)", true},
        {"--kind", "tablet or export-terminal", true},
        {"--out", "file prefix for PREFIX.p12, PREFIX.crt.pem, PREFIX.key.pem", true}},
       CmdDeviceEnroll},
      {"device revoke",
       "revoke a device; a running server closes its connections within a second",
       {{"--data", kDataHelp},
        {"--tenant", "tenant id", true},
        {"--name", "device name (or id)", true},
        {"--reason", "lost, stolen, retired, compromised or other (default other)"}},
       CmdDeviceRevoke},
      {"device list",
       "print the tenant's devices (tab-separated)",
       {{"--data", kDataHelp}, {"--tenant", "tenant id", true}},
       CmdDeviceList},
      {"audit verify",
       "check the tenant's audit hash chain; exit 1 and the first broken entry if tampered",
       {{"--data", kDataHelp}, {"--tenant", "tenant id", true}},
       CmdAuditVerify},
      {"audit report",
       "the periodic analysis of the tenant's audit log (flags: bulk_reads, off_hours, "
       "out_of_scope, failed_logins, exports); thresholds in tenants/<id>/audit-report.json",
       {{"--data", kDataHelp},
        {"--tenant", "tenant id", true},
        {"--from", "first day, YYYY-MM-DD (Japan time; default 29 days before --to)"},
        {"--to", "last day, YYYY-MM-DD (default today)"},
        {"--format", "json (default) or html (Japanese)"},
        {"--out", "the file to write (mode 0600); default standard output"}},
       CmdAuditReport},
      {"audit checkpoint",
       "anchor the tenant's audit chain head in a signed file under "
       "tenants/<id>/audit-checkpoints/ (serve writes one daily); audit verify checks each",
       {{"--data", kDataHelp}, {"--tenant", "tenant id", true}},
       CmdAuditCheckpoint},
      {"search reindex",
       "rebuild a tenant's search index from its records (progress on stderr; searches see a "
       "partial index until it ends)",
       {{"--data", kDataHelp}, {"--tenant", "tenant id", true}},
       CmdSearchReindex},
      {"serve",
       "run the HTTPS server until SIGINT/SIGTERM",
       {{"--data", kDataHelp},
        {"--listen", "ADDR:PORT for HTTPS (default 127.0.0.1:8443)"},
        {"--ops", "ADDR:PORT for /healthz and /metrics (default 127.0.0.1:9443)"}},
       CmdServe},
      {"dummy",
       "add N fictitious cases (people, consultations, notes, policies) to a tenant",
       {{"--data", kDataHelp},
        {"--tenant", "tenant id", true},
        {"--cases", "how many cases (1 to 10000000)", true},
        {"--seed", "seed of the generator (default 1): the same seed gives the same content"},
        {"--notes-per-case", "progress notes per case (default 5)"}},
       CmdDummy},
      {"backup",
       "write an encrypted online backup of the whole installation (databases, keys, config, "
       "blobs); the backup key is read from standard input (at least 20 characters, e.g. "
       "`openssl rand -base64 32`)",
       {{"--data", kDataHelp},
        {"--out", "the backup file to write; must not exist (written 0600, atomically)", true}},
       CmdBackup},
      {"restore",
       "restore a backup into an absent or empty data folder, verifying every hash first; the "
       "backup key is read from standard input",
       {{"--data", kDataHelp}, {"--in", "the backup file", true}},
       CmdRestore},
      {"demo",
       "init + the 新宿区 demo tenant with dummy cases + serve, printing the demo logins",
       {{"--data", kDataHelp}, {"--listen", "ADDR:PORT for HTTPS (default 127.0.0.1:8443)"}},
       CmdDemo},
  };
  return kCommands;
}

int Main(int argc, char** argv) {
  crypto::InitCrypto();
  // Logs go to standard error (stdout carries the command's output). Ids only, never data.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("yorisoi"));
  if (const char* lvl = std::getenv("YORISOI_LOG_LEVEL"))
    spdlog::set_level(spdlog::level::from_str(lvl));
  CLI::App cli{"Yorisoi (寄り添い) — child and family consultation casework server"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "yorisoi 0.1.0");

  struct Bound {
    const Command* command;
    CLI::App* app;
    Args values;
  };
  std::vector<std::unique_ptr<Bound>> bound;
  std::map<std::string, CLI::App*> groups;  // "tenant" for "tenant add"
  for (const auto& cmd : Commands()) {
    const std::string name = cmd.name;
    CLI::App* parent = &cli;
    std::string leaf = name;
    if (auto sp = name.find(' '); sp != std::string::npos) {
      const std::string group = name.substr(0, sp);
      leaf = name.substr(sp + 1);
      auto& g = groups[group];
      if (g == nullptr) {
        g = cli.add_subcommand(group, group + " commands");
        g->require_subcommand(1);
      }
      parent = g;
    }
    auto b = std::make_unique<Bound>();
    b->command = &cmd;
    b->app = parent->add_subcommand(leaf, cmd.help);
    for (const auto& arg : cmd.args) {
      auto* opt = b->app->add_option(arg.name, b->values[arg.name], arg.help);
      if (arg.required) opt->required();
      if (!arg.repeated) opt->expected(1);
    }
    bound.push_back(std::move(b));
  }
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = cli.exit(e);
    return rc == 0 ? 0 : 2;
  }
  for (auto& b : bound) {
    if (b->app->parsed()) return b->command->run(b->values);
  }
  return 2;
}

}  // namespace yorisoi::cli
