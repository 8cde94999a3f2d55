#include "app/backup_format.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/error_codes.hpp"
#include "crypto/encoding.hpp"
#include "crypto/random.hpp"

namespace yorisoi::app {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxHeaderJson = 64 * 1024;
constexpr uint32_t kMaxChunkSize = 16 * 1024 * 1024;
constexpr uint32_t kMinChunkSize = 1024;
constexpr std::size_t kMaxPath = 4096;
constexpr uint32_t kMaxManifest = 256u * 1024 * 1024;
constexpr char kEntryRecord = 'E';
constexpr char kManifestRecord = 'M';
// 'E' kind mode size path-length
constexpr std::size_t kEntryHead = 1 + 1 + 4 + 8 + 2;

core::Error Bad(std::string_view code, std::string message) {
  return core::Error::InvalidArgument("", std::move(message), code);
}

void PutU16(std::string& out, uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v & 0xff);
}
void PutU32(std::string& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xff);
}
void PutU64(std::string& out, uint64_t v) {
  for (int s = 56; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xff);
}
uint64_t GetBE(std::string_view bytes) {
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

const char* KindName(EntryKind k) { return k == EntryKind::kDatabase ? "database" : "file"; }

Json HeaderJson(const BackupHeader& h) {
  return Json{{"format", kBackupFormat},
              {"backup_id", h.backup_id},
              {"created_at", h.created_at},
              {"backend", h.backend},
              {"program", h.program},
              {"cipher", "xchacha20poly1305-secretstream"},
              {"chunk_size", h.chunk_size},
              {"kdf",
               {{"algorithm", "argon2id13"},
                {"salt", crypto::Base64Encode(h.salt)},
                {"ops_limit", h.kdf.ops_limit},
                {"mem_limit", h.kdf.mem_limit}}}};
}

Json ManifestJson(const std::string& backup_id, const std::vector<BackupEntry>& entries) {
  Json list = Json::array();
  for (const auto& e : entries) {
    list.push_back({{"path", e.path},
                    {"kind", KindName(e.kind)},
                    {"mode", e.mode},
                    {"size", e.size},
                    {"sha256", e.sha256}});
  }
  return Json{{"backup_id", backup_id}, {"entries", std::move(list)}};
}

// Reads exactly n bytes, or fewer at the end of the file.
core::Result<std::string> ReadUpTo(int fd, std::size_t n) {
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, out.data() + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return core::Error::Unavailable("cannot read the backup file");
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  out.resize(got);
  return out;
}

core::Result<BackupHeader> ParseHeaderJson(std::string_view text) {
  const auto bad = [] {
    return Bad(core::codes::kBadBackupHeader, "the backup's header is damaged");
  };
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad();
  BackupHeader h;
  try {
    if (j.at("format").get<int>() != kBackupFormat) return bad();
    h.backup_id = j.at("backup_id").get<std::string>();
    h.created_at = j.at("created_at").get<std::string>();
    h.backend = j.at("backend").get<std::string>();
    h.program = j.value("program", "");
    if (j.at("cipher").get<std::string>() != "xchacha20poly1305-secretstream") return bad();
    h.chunk_size = j.at("chunk_size").get<uint32_t>();
    const Json& kdf = j.at("kdf");
    if (kdf.at("algorithm").get<std::string>() != "argon2id13") return bad();
    auto salt = crypto::Base64Decode(kdf.at("salt").get<std::string>());
    if (!salt || salt->size() != crypto::kKdfSaltSize) return bad();
    h.salt = *salt;
    h.kdf.ops_limit = kdf.at("ops_limit").get<uint64_t>();
    h.kdf.mem_limit = kdf.at("mem_limit").get<uint64_t>();
  } catch (const Json::exception&) {
    return bad();
  }
  if (h.chunk_size < kMinChunkSize || h.chunk_size > kMaxChunkSize || !h.kdf.Acceptable()) {
    return bad();
  }
  return h;
}

// The plaintext header and the bytes it was read from (the first chunk's associated data).
struct RawHeader {
  BackupHeader header;
  std::string bytes;
};

core::Result<RawHeader> ReadRawHeader(int fd) {
  YS_ASSIGN_OR_RETURN(std::string head, ReadUpTo(fd, kBackupMagic.size() + 2 + 4));
  if (head.size() < kBackupMagic.size() ||
      std::string_view(head).substr(0, kBackupMagic.size()) != kBackupMagic) {
    return Bad(core::codes::kNotABackup, "not a Yorisoi backup (the file does not start with " +
                                             std::string(kBackupMagic) + ")");
  }
  if (head.size() < kBackupMagic.size() + 6) {
    return Bad(core::codes::kBackupTruncated, "the backup is truncated: its header is incomplete");
  }
  const auto format =
      static_cast<uint16_t>(GetBE(std::string_view(head).substr(kBackupMagic.size(), 2)));
  if (format != kBackupFormat) {
    return Bad(core::codes::kUnsupportedBackupFormat,
               "backup format " + std::to_string(format) +
                   " is not supported (this program reads format " + std::to_string(kBackupFormat) +
                   ")");
  }
  const uint64_t n = GetBE(std::string_view(head).substr(kBackupMagic.size() + 2, 4));
  if (n == 0 || n > kMaxHeaderJson) {
    return Bad(core::codes::kBadBackupHeader, "the backup's header is damaged");
  }
  YS_ASSIGN_OR_RETURN(std::string text, ReadUpTo(fd, static_cast<std::size_t>(n)));
  if (text.size() != n) {
    return Bad(core::codes::kBackupTruncated, "the backup is truncated: its header is incomplete");
  }
  YS_ASSIGN_OR_RETURN(BackupHeader header, ParseHeaderJson(text));
  return RawHeader{std::move(header), head + text};
}

// The decrypted record stream, parsed as it arrives in chunks.
class RecordParser {
 public:
  RecordParser(const BackupVisitor& visitor) : visitor_(visitor) {}

  core::Status Feed(std::string_view plain) {
    buf_.append(plain);
    for (;;) {
      const std::string_view avail = std::string_view(buf_).substr(pos_);
      if (avail.empty()) break;
      if (in_content_) {
        const std::size_t n =
            static_cast<std::size_t>(std::min<uint64_t>(remaining_, avail.size()));
        const std::string_view piece = avail.substr(0, n);
        hasher_.Update(piece);
        if (visitor_.data) YS_RETURN_IF_ERROR(visitor_.data(piece));
        pos_ += n;
        remaining_ -= n;
        if (remaining_ == 0) YS_RETURN_IF_ERROR(EndEntry());
        continue;
      }
      if (done_) return Damaged("data after the manifest");
      if (avail[0] == kEntryRecord) {
        if (avail.size() < kEntryHead) break;
        const auto path_len = static_cast<std::size_t>(GetBE(avail.substr(14, 2)));
        if (avail.size() < kEntryHead + path_len) break;
        BackupEntry e;
        const auto kind = static_cast<uint8_t>(avail[1]);
        if (kind != static_cast<uint8_t>(EntryKind::kFile) &&
            kind != static_cast<uint8_t>(EntryKind::kDatabase)) {
          return Damaged("an entry of unknown kind");
        }
        e.kind = static_cast<EntryKind>(kind);
        e.mode = static_cast<uint32_t>(GetBE(avail.substr(2, 4)));
        e.size = GetBE(avail.substr(6, 8));
        e.path = std::string(avail.substr(kEntryHead, path_len));
        if (!ValidEntryPath(e.path) || (e.mode & ~0777u) != 0) {
          return Damaged("an entry with an invalid path or mode");
        }
        pos_ += kEntryHead + path_len;
        if (visitor_.begin) YS_RETURN_IF_ERROR(visitor_.begin(e));
        current_ = std::move(e);
        in_content_ = true;
        remaining_ = current_.size;
        if (remaining_ == 0) YS_RETURN_IF_ERROR(EndEntry());
      } else if (avail[0] == kManifestRecord) {
        if (avail.size() < 5) break;
        const uint64_t n = GetBE(avail.substr(1, 4));
        if (n > kMaxManifest) return Damaged("an oversized manifest");
        if (avail.size() < 5 + n) break;
        manifest_ = std::string(avail.substr(5, static_cast<std::size_t>(n)));
        pos_ += 5 + static_cast<std::size_t>(n);
        done_ = true;
      } else {
        return Damaged("an unknown record");
      }
    }
    // Drop what was consumed (keeps the buffer at about one chunk).
    if (pos_ > 0) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    return core::Ok();
  }

  // After the final chunk: everything parsed, manifest present and matching.
  core::Result<std::vector<BackupEntry>> Finish(const std::string& backup_id) {
    if (!done_ || in_content_ || !buf_.empty()) {
      return Damaged("the final chunk does not end with the manifest");
    }
    const auto mismatch = [](const std::string& what) {
      return Bad(core::codes::kBackupManifestMismatch,
                 "the backup's manifest does not match its contents (" + what + ")");
    };
    const Json j = Json::parse(manifest_, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("entries") || !j["entries"].is_array()) {
      return mismatch("the manifest is not readable");
    }
    if (j.value("backup_id", "") != backup_id) return mismatch("another backup's manifest");
    const Json& list = j["entries"];
    if (list.size() != seen_.size()) {
      return mismatch("it lists " + std::to_string(list.size()) + " entries, the backup holds " +
                      std::to_string(seen_.size()));
    }
    for (std::size_t i = 0; i < seen_.size(); ++i) {
      const BackupEntry& e = seen_[i];
      const Json& m = list[i];
      bool same = false;
      try {
        same = m.at("path").get<std::string>() == e.path &&
               m.at("kind").get<std::string>() == KindName(e.kind) &&
               m.at("mode").get<uint32_t>() == e.mode && m.at("size").get<uint64_t>() == e.size &&
               crypto::ConstantTimeEquals(m.at("sha256").get<std::string>(), e.sha256);
      } catch (const Json::exception&) {
        same = false;
      }
      if (!same) return mismatch("entry " + std::to_string(i + 1) + ", " + e.path);
    }
    return seen_;
  }

 private:
  static core::Error Damaged(const std::string& what) {
    return Bad(core::codes::kBackupDamaged, "the backup is damaged: " + what);
  }

  core::Status EndEntry() {
    current_.sha256 = hasher_.FinishHex();
    in_content_ = false;
    if (visitor_.end) YS_RETURN_IF_ERROR(visitor_.end(current_));
    seen_.push_back(std::move(current_));
    current_ = BackupEntry{};
    return core::Ok();
  }

  const BackupVisitor& visitor_;
  std::string buf_;
  std::size_t pos_ = 0;
  bool in_content_ = false;
  bool done_ = false;
  uint64_t remaining_ = 0;
  BackupEntry current_;
  crypto::Sha256Hasher hasher_;
  std::vector<BackupEntry> seen_;
  std::string manifest_;
};

}  // namespace

bool ValidEntryPath(std::string_view path) {
  if (path.empty() || path.size() > kMaxPath || path.front() == '/' || path.back() == '/') {
    return false;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::string_view part = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    for (char c : part) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f || c == '\\') return false;
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

// --- Writer ----------------------------------------------------------------------------------

BackupWriter::BackupWriter(int fd, BackupHeader header, const crypto::SecretKey& key)
    : fd_(fd), header_(std::move(header)), stream_(key) {}

BackupWriter::~BackupWriter() = default;

core::Result<std::unique_ptr<BackupWriter>> BackupWriter::Start(int fd, BackupHeader header,
                                                                std::string_view passphrase) {
  if (header.salt.empty()) header.salt = crypto::RandomBytes(crypto::kKdfSaltSize);
  if (header.chunk_size < kMinChunkSize || header.chunk_size > kMaxChunkSize) {
    return core::Error::Internal("backup chunk size out of range");
  }
  YS_ASSIGN_OR_RETURN(auto key, crypto::DeriveKey(passphrase, header.salt, header.kdf));
  std::unique_ptr<BackupWriter> w(new BackupWriter(fd, std::move(header), key));
  const std::string json = HeaderJson(w->header_).dump();
  std::string head(kBackupMagic);
  PutU16(head, kBackupFormat);
  PutU32(head, static_cast<uint32_t>(json.size()));
  head += json;
  head += w->stream_.header();
  w->first_ad_ = head;
  YS_RETURN_IF_ERROR(w->WriteAll(head));
  return w;
}

core::Status BackupWriter::WriteAll(std::string_view bytes) {
  std::size_t off = 0;
  while (off < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + off, bytes.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return core::Error::Unavailable(std::string("cannot write the backup file: ") +
                                      std::strerror(errno));
    }
    off += static_cast<std::size_t>(n);
  }
  written_ += bytes.size();
  return core::Ok();
}

core::Status BackupWriter::Emit(bool final) {
  // Full chunks while more than one chunk's worth is pending; with final, the rest as the last.
  std::size_t off = 0;
  std::string out;
  const auto push = [&](std::size_t n, bool last) -> core::Status {
    const std::string c = stream_.Push(std::string_view(pending_).substr(off, n),
                                       first_chunk_ ? std::string_view(first_ad_) : "", last);
    first_chunk_ = false;
    off += n;
    out.clear();
    PutU32(out, static_cast<uint32_t>(c.size()));
    out += c;
    return WriteAll(out);
  };
  while (pending_.size() - off > header_.chunk_size) {
    YS_RETURN_IF_ERROR(push(header_.chunk_size, false));
  }
  if (final) YS_RETURN_IF_ERROR(push(pending_.size() - off, true));
  pending_.erase(0, off);
  return core::Ok();
}

core::Status BackupWriter::Add(const BackupEntry& entry, const Source& source,
                               const std::function<void(uint64_t)>& progress) {
  if (finished_) return core::Error::Internal("backup already finished");
  if (!ValidEntryPath(entry.path) || (entry.mode & ~0777u) != 0) {
    return core::Error::Internal("invalid backup entry path or mode");
  }
  std::string head(1, kEntryRecord);
  head += static_cast<char>(entry.kind);
  PutU32(head, entry.mode);
  PutU64(head, entry.size);
  PutU16(head, static_cast<uint16_t>(entry.path.size()));
  head += entry.path;
  pending_ += head;
  crypto::Sha256Hasher hasher;
  uint64_t left = entry.size;
  std::string buf(header_.chunk_size, '\0');
  while (left > 0) {
    const std::size_t want = static_cast<std::size_t>(std::min<uint64_t>(left, buf.size()));
    YS_ASSIGN_OR_RETURN(const std::size_t got, source(buf.data(), want));
    if (got == 0) {
      return core::Error::Unavailable(entry.path + " became shorter while it was read");
    }
    const std::string_view piece(buf.data(), std::min(got, want));
    hasher.Update(piece);
    pending_ += piece;
    left -= piece.size();
    if (progress) progress(piece.size());
    if (pending_.size() > header_.chunk_size) YS_RETURN_IF_ERROR(Emit(false));
  }
  BackupEntry done = entry;
  done.sha256 = hasher.FinishHex();
  entries_.push_back(std::move(done));
  return core::Ok();
}

core::Status BackupWriter::AddBytes(BackupEntry entry, std::string_view content) {
  entry.size = content.size();
  std::size_t off = 0;
  return Add(entry, [&](char* buf, std::size_t n) -> core::Result<std::size_t> {
    const std::size_t k = std::min(n, content.size() - off);
    std::memcpy(buf, content.data() + off, k);
    off += k;
    return k;
  });
}

core::Result<std::vector<BackupEntry>> BackupWriter::Finish() {
  if (finished_) return core::Error::Internal("backup already finished");
  const std::string manifest = ManifestJson(header_.backup_id, entries_).dump();
  pending_ += kManifestRecord;
  PutU32(pending_, static_cast<uint32_t>(manifest.size()));
  pending_ += manifest;
  YS_RETURN_IF_ERROR(Emit(true));
  finished_ = true;
  return entries_;
}

// --- Reader ----------------------------------------------------------------------------------

core::Result<BackupHeader> ReadBackupHeader(int fd) {
  YS_ASSIGN_OR_RETURN(RawHeader raw, ReadRawHeader(fd));
  return raw.header;
}

core::Result<BackupContents> ReadBackup(int fd, std::string_view passphrase,
                                        const BackupVisitor& visitor,
                                        const std::function<void(uint64_t)>& progress) {
  YS_ASSIGN_OR_RETURN(RawHeader raw, ReadRawHeader(fd));
  YS_ASSIGN_OR_RETURN(std::string stream_header,
                      ReadUpTo(fd, crypto::StreamEncryptor::kHeaderSize));
  if (stream_header.size() != crypto::StreamEncryptor::kHeaderSize) {
    return Bad(core::codes::kBackupTruncated,
               "the backup is truncated: it ends before its first chunk");
  }
  const std::string first_ad = raw.bytes + stream_header;
  uint64_t read = first_ad.size();
  if (progress) progress(read);
  YS_ASSIGN_OR_RETURN(auto key, crypto::DeriveKey(passphrase, raw.header.salt, raw.header.kdf));
  YS_ASSIGN_OR_RETURN(auto stream, crypto::StreamDecryptor::Create(key, stream_header));
  RecordParser parser(visitor);
  const std::size_t max_chunk = raw.header.chunk_size + crypto::StreamEncryptor::kOverhead;
  for (uint64_t index = 1;; ++index) {
    YS_ASSIGN_OR_RETURN(std::string len_bytes, ReadUpTo(fd, 4));
    if (len_bytes.size() < 4) {
      return Bad(core::codes::kBackupTruncated,
                 "the backup is truncated: it ends before its final chunk");
    }
    const uint64_t len = GetBE(len_bytes);
    if (len < crypto::StreamEncryptor::kOverhead || len > max_chunk) {
      return Bad(core::codes::kBackupDamaged,
                 "the backup is damaged: chunk " + std::to_string(index) + " has a bad length");
    }
    YS_ASSIGN_OR_RETURN(std::string cipher, ReadUpTo(fd, static_cast<std::size_t>(len)));
    if (cipher.size() != len) {
      return Bad(core::codes::kBackupTruncated,
                 "the backup is truncated: it ends before its final chunk");
    }
    read += 4 + len;
    auto chunk = stream->Pull(cipher, index == 1 ? std::string_view(first_ad) : "");
    if (!chunk.ok()) {
      if (index == 1) {
        return Bad(core::codes::kWrongBackupKey,
                   "wrong backup key, or the backup's header was altered (the first chunk "
                   "failed authentication)");
      }
      return Bad(core::codes::kBackupDamaged, "the backup is damaged or was altered: chunk " +
                                                  std::to_string(index) + " failed authentication");
    }
    YS_RETURN_IF_ERROR(parser.Feed(chunk->plaintext));
    if (progress) progress(read);
    if (chunk->final) break;
  }
  YS_ASSIGN_OR_RETURN(std::string extra, ReadUpTo(fd, 1));
  if (!extra.empty()) {
    return Bad(core::codes::kBackupTrailingData, "the backup has data after its final chunk");
  }
  YS_ASSIGN_OR_RETURN(auto entries, parser.Finish(raw.header.backup_id));
  return BackupContents{std::move(raw.header), std::move(entries)};
}

}  // namespace yorisoi::app
