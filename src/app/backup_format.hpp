// The backup file (`yorisoi backup` / `yorisoi restore`, app/backup.hpp): a plaintext header, then
// one authenticated, encrypted stream. Integers are big-endian.
//
//   "YORISOI-BACKUP"          14 bytes, the magic
//   u16 format                1
//   u32 n, n bytes            the header: JSON, see BackupHeader (backup id, creation time,
//                             backend, argon2id salt and cost, chunk size); no secret in it
//   24 bytes                  crypto_secretstream_xchacha20poly1305 header
//   chunks                    each u32 length + ciphertext (at most chunk_size + 17 bytes); the
//                             first is authenticated together with every byte before it (so the
//                             plaintext header cannot be altered), the last is tagged FINAL and
//                             nothing may follow it: a truncated or extended file is refused.
//
// The key: argon2id(backup key, salt, cost) → 32 bytes → the stream key. The decrypted stream is
// a sequence of records, independent of chunk boundaries:
//
//   'E' u8 kind u32 mode u64 size u16 n, n bytes path, then size bytes of content
//        kind 1: a file of the data folder; kind 2: a database image (backend-specific). path is
//        relative ("tenants/<id>/tenant.key.sealed"), '/'-separated, without "." or "..".
//   'M' u32 n, n bytes        the manifest, last: JSON {"backup_id", "entries": [{"path", "kind",
//                             "mode", "size", "sha256"}]}, the SHA-256 of every entry's content.
//
// A reader verifies every chunk, every entry's SHA-256 against the manifest and that the manifest
// lists exactly the entries seen, in order; only then is what it handed out complete.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "crypto/secret_stream.hpp"

namespace yorisoi::app {

inline constexpr std::string_view kBackupMagic = "YORISOI-BACKUP";
inline constexpr uint16_t kBackupFormat = 1;
inline constexpr uint32_t kBackupChunkSize = 64 * 1024;

struct BackupHeader {
  std::string backup_id;   // "bak_<hex>"
  std::string created_at;  // ISO 8601, UTC
  std::string backend;     // "sqlite", "postgres"
  std::string program;     // "yorisoi 0.1.0"
  crypto::KdfCost kdf;
  std::string salt;  // crypto::kKdfSaltSize raw bytes; BackupWriter::Start fills an empty one
  uint32_t chunk_size = kBackupChunkSize;
};

enum class EntryKind : uint8_t { kFile = 1, kDatabase = 2 };

struct BackupEntry {
  std::string path;
  EntryKind kind = EntryKind::kFile;
  uint32_t mode = 0600;  // permission bits only
  uint64_t size = 0;
  std::string sha256;  // hex; empty until the content has been read
};

// Whether path may name an entry: relative, '/'-separated, each part non-empty and neither "." nor
// "..", no control character or backslash, at most 4096 bytes.
bool ValidEntryPath(std::string_view path);

class BackupWriter {
 public:
  // Writes the header to fd (the caller opened it and closes it) and derives the key from the
  // passphrase (argon2id, header.kdf; a fresh random salt when header.salt is empty).
  static core::Result<std::unique_ptr<BackupWriter>> Start(int fd, BackupHeader header,
                                                           std::string_view passphrase);
  ~BackupWriter();

  // Fills up to n bytes of buf; returns how many (0 only at the end of the data).
  using Source = std::function<core::Result<std::size_t>(char* buf, std::size_t n)>;
  // One entry of exactly size bytes read from source (fewer is an error: the file shrank while it
  // was read; more is not read). progress(n) is called with every piece of content added.
  core::Status Add(const BackupEntry& entry, const Source& source,
                   const std::function<void(uint64_t)>& progress = {});
  core::Status AddBytes(BackupEntry entry, std::string_view content);
  // The manifest, in the final chunk. Returns the entries with their SHA-256. Nothing may be
  // added afterwards.
  core::Result<std::vector<BackupEntry>> Finish();

  const BackupHeader& header() const { return header_; }
  uint64_t bytes_written() const { return written_; }

 private:
  BackupWriter(int fd, BackupHeader header, const crypto::SecretKey& key);
  core::Status Emit(bool final);
  core::Status WriteAll(std::string_view bytes);

  int fd_;
  BackupHeader header_;
  crypto::StreamEncryptor stream_;
  std::string first_ad_;  // every byte before the first chunk
  std::string pending_;   // plaintext not yet in a chunk
  std::vector<BackupEntry> entries_;
  uint64_t written_ = 0;
  bool first_chunk_ = true;
  bool finished_ = false;
};

// Called while reading: begin(entry) (sha256 still empty), data(piece) for its content in order,
// end(entry) with the SHA-256 computed from the content. A failure stops the reading.
struct BackupVisitor {
  std::function<core::Status(const BackupEntry&)> begin;
  std::function<core::Status(std::string_view)> data;
  std::function<core::Status(const BackupEntry&)> end;
};

struct BackupContents {
  BackupHeader header;
  std::vector<BackupEntry> entries;  // as verified against the manifest
};

// Only the plaintext header (no key needed): kInvalidArgument "not_a_backup",
// "unsupported_backup_format" or "bad_backup_header".
core::Result<BackupHeader> ReadBackupHeader(int fd);

// Reads a whole backup from fd, handing every entry to visitor as it is decrypted. Succeeds only
// when every chunk, every entry's SHA-256 and the manifest verified: until then, whatever the
// visitor received must be treated as unverified (restore stages it and throws it away).
// progress(n) is called with the file bytes read so far. Errors (kInvalidArgument, one-line
// messages): not_a_backup, unsupported_backup_format, bad_backup_header, wrong_backup_key (the
// first chunk fails: a wrong key or an altered header), backup_damaged (a later chunk fails, or
// the records inside are malformed), backup_truncated, backup_trailing_data,
// backup_manifest_mismatch; kUnavailable when fd cannot be read.
core::Result<BackupContents> ReadBackup(int fd, std::string_view passphrase,
                                        const BackupVisitor& visitor,
                                        const std::function<void(uint64_t)>& progress = {});

}  // namespace yorisoi::app
