// The backup file format (app/backup_format.hpp): what is written reads back byte for byte with
// its SHA-256, and a wrong key, a truncated file, any changed byte, a dropped chunk or trailing
// bytes are refused. The KDF runs at libsodium's minimum cost here (the CLI uses MODERATE).
#include "app/backup_format.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "test_support.hpp"

namespace yorisoi::app {
namespace {

using testing_support::IsError;
using testing_support::IsOk;
using testing_support::TempFolder;

constexpr const char* kKey = "correct horse battery staple 2025";

struct Written {
  std::string bytes;
  std::vector<BackupEntry> entries;
  std::map<std::string, std::string> contents;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteAllTo(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

BackupHeader TestHeader(uint32_t chunk_size = 1024) {
  BackupHeader h;
  h.backup_id = "bak_0123456789abcdef01234567";
  h.created_at = "2025-07-01T01:02:03Z";
  h.backend = "sqlite";
  h.program = "yorisoi test";
  h.kdf = crypto::KdfCost::Minimum();
  h.chunk_size = chunk_size;
  return h;
}

// A backup with a few entries of different sizes (one spanning many chunks, one empty).
Written MakeBackup(const std::string& dir, uint32_t chunk_size = 1024) {
  Written w;
  w.contents = {{"config.json", "{\"backend\":\"sqlite\"}\n"},
                {"keys/platform.key", crypto::RandomBytes(32)},
                {"tenants/tenant-a/blobs/ab/0123abcd", crypto::RandomBytes(10 * 1024 + 7)},
                {"tenants/tenant-a/empty", ""}};
  const std::string path = dir + "/w.ysb";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  EXPECT_GE(fd, 0);
  auto writer = BackupWriter::Start(fd, TestHeader(chunk_size), kKey);
  EXPECT_TRUE(IsOk(writer));
  BackupEntry db{"platform.db", EntryKind::kDatabase, 0600, 0, ""};
  const std::string image = crypto::RandomBytes(3000);
  EXPECT_TRUE(IsOk((*writer)->AddBytes(db, image)));
  w.contents["platform.db"] = image;
  for (const auto& [p, c] : w.contents) {
    if (p == "platform.db") continue;
    EXPECT_TRUE(IsOk((*writer)->AddBytes(BackupEntry{p, EntryKind::kFile, 0640, 0, ""}, c)));
  }
  auto entries = (*writer)->Finish();
  EXPECT_TRUE(IsOk(entries));
  w.entries = *entries;
  EXPECT_EQ((*writer)->bytes_written(), static_cast<uint64_t>(::lseek(fd, 0, SEEK_END)));
  ::close(fd);
  w.bytes = ReadAll(path);
  return w;
}

struct ReadBack {
  core::Result<BackupContents> contents = core::Error::Internal("unset");
  std::map<std::string, std::string> files;
  std::map<std::string, std::string> ended_sha;
};

ReadBack Read(const std::string& dir, const std::string& bytes, const std::string& key = kKey) {
  const std::string path = dir + "/r.ysb";
  WriteAllTo(path, bytes);
  const int fd = ::open(path.c_str(), O_RDONLY);
  ReadBack rb;
  std::string current;
  BackupVisitor v;
  v.begin = [&](const BackupEntry& e) {
    current = e.path;
    rb.files[current];
    return core::Ok();
  };
  v.data = [&](std::string_view piece) {
    rb.files[current].append(piece);
    return core::Ok();
  };
  v.end = [&](const BackupEntry& e) {
    rb.ended_sha[e.path] = e.sha256;
    return core::Ok();
  };
  rb.contents = ReadBackup(fd, key, v);
  ::close(fd);
  return rb;
}

// Offsets where the chunks start (after the plaintext header and the stream header).
std::vector<std::size_t> ChunkOffsets(const std::string& bytes) {
  std::size_t off = kBackupMagic.size() + 2;
  const auto u32 = [&](std::size_t at) {
    return (static_cast<std::size_t>(static_cast<unsigned char>(bytes[at])) << 24) |
           (static_cast<std::size_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (static_cast<std::size_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           static_cast<std::size_t>(static_cast<unsigned char>(bytes[at + 3]));
  };
  off += 4 + u32(off) + crypto::StreamEncryptor::kHeaderSize;
  std::vector<std::size_t> offsets;
  while (off < bytes.size()) {
    offsets.push_back(off);
    off += 4 + u32(off);
  }
  EXPECT_EQ(off, bytes.size());
  return offsets;
}

TEST(BackupFormatTest, RoundTripGivesEveryEntryBackWithItsHash) {
  TempFolder dir;
  const Written w = MakeBackup(dir.path());
  ASSERT_EQ(w.bytes.substr(0, 14), "YORISOI-BACKUP");
  EXPECT_GT(ChunkOffsets(w.bytes).size(), 10u) << "the large entry spans many chunks";
  const ReadBack rb = Read(dir.path(), w.bytes);
  ASSERT_TRUE(IsOk(rb.contents));
  EXPECT_EQ(rb.files, w.contents);
  const BackupHeader& h = rb.contents->header;
  EXPECT_EQ(h.backup_id, "bak_0123456789abcdef01234567");
  EXPECT_EQ(h.created_at, "2025-07-01T01:02:03Z");
  EXPECT_EQ(h.backend, "sqlite");
  EXPECT_EQ(h.kdf.ops_limit, crypto::KdfCost::Minimum().ops_limit);
  EXPECT_EQ(h.salt.size(), crypto::kKdfSaltSize);
  ASSERT_EQ(rb.contents->entries.size(), w.entries.size());
  for (std::size_t i = 0; i < w.entries.size(); ++i) {
    const BackupEntry& e = rb.contents->entries[i];
    EXPECT_EQ(e.path, w.entries[i].path);
    EXPECT_EQ(e.kind, w.entries[i].kind);
    EXPECT_EQ(e.mode, w.entries[i].mode);
    EXPECT_EQ(e.sha256, crypto::Sha256Hex(w.contents.at(e.path))) << e.path;
    EXPECT_EQ(rb.ended_sha.at(e.path), e.sha256);
  }
  EXPECT_EQ(rb.contents->entries.front().kind, EntryKind::kDatabase);
  // The header reads without the key, and holds no secret.
  const std::string path = dir.path() + "/w.ysb";
  const int fd = ::open(path.c_str(), O_RDONLY);
  auto header = ReadBackupHeader(fd);
  ::close(fd);
  ASSERT_TRUE(IsOk(header));
  EXPECT_EQ(header->backup_id, h.backup_id);
  EXPECT_EQ(w.bytes.find(kKey), std::string::npos);
  EXPECT_EQ(w.bytes.find("config.json"), std::string::npos) << "entry names are encrypted too";
}

TEST(BackupFormatTest, TwoBackupsOfTheSameDataDifferInEveryChunk) {
  TempFolder dir;
  const Written a = MakeBackup(dir.path());
  const Written b = MakeBackup(dir.path());
  EXPECT_NE(a.bytes.substr(a.bytes.size() - 64), b.bytes.substr(b.bytes.size() - 64))
      << "fresh salt and stream header each time";
}

TEST(BackupFormatTest, AWrongKeyIsRefusedAtTheFirstChunk) {
  TempFolder dir;
  const Written w = MakeBackup(dir.path());
  const ReadBack rb = Read(dir.path(), w.bytes, "not the right backup key at all");
  EXPECT_TRUE(IsError(rb.contents, core::Errc::kInvalidArgument, "wrong_backup_key"));
  EXPECT_TRUE(rb.files.empty()) << "nothing is handed out before the first chunk verifies";
}

TEST(BackupFormatTest, ATruncatedFileIsRefusedWhereverItIsCut) {
  TempFolder dir;
  const Written w = MakeBackup(dir.path());
  const auto chunks = ChunkOffsets(w.bytes);
  std::vector<std::size_t> cuts = {0,
                                   5,
                                   14,
                                   20,
                                   chunks.front() - 1,
                                   chunks.front(),
                                   chunks.front() + 3,
                                   chunks.back(),
                                   chunks.back() + 4,
                                   w.bytes.size() - 1};
  for (std::size_t i = 1; i < chunks.size(); ++i) cuts.push_back(chunks[i]);  // whole chunks
  for (const std::size_t cut : cuts) {
    const ReadBack rb = Read(dir.path(), w.bytes.substr(0, cut));
    ASSERT_FALSE(rb.contents.ok()) << "cut at " << cut;
    if (cut >= 14) {
      EXPECT_TRUE(rb.contents.error().code == "backup_truncated" ||
                  rb.contents.error().code == "bad_backup_header")
          << "cut at " << cut << ": " << rb.contents.error().code;
    }
    if (cut > chunks.front()) {
      EXPECT_EQ(rb.contents.error().code, "backup_truncated") << "cut at " << cut;
      EXPECT_NE(rb.contents.error().message.find("truncated"), std::string::npos);
    }
  }
}

TEST(BackupFormatTest, EveryFlippedByteIsDetected) {
  TempFolder dir;
  const Written w = MakeBackup(dir.path());
  int checked = 0;
  // Every byte of the plaintext header and stream header, then a sample across the chunks.
  const std::size_t first_chunk = ChunkOffsets(w.bytes).front();
  for (std::size_t at = 0; at < w.bytes.size(); at += at < first_chunk ? 1 : 53) {
    std::string bad = w.bytes;
    bad[at] = static_cast<char>(bad[at] ^ 0x01);
    const ReadBack rb = Read(dir.path(), bad);
    ASSERT_FALSE(rb.contents.ok()) << "byte " << at << " changed and still accepted";
    ++checked;
  }
  // And the very last byte (the final chunk's tag).
  std::string bad = w.bytes;
  bad.back() = static_cast<char>(bad.back() ^ 0x80);
  EXPECT_FALSE(Read(dir.path(), bad).contents.ok());
  EXPECT_GT(checked, 300);
}

TEST(BackupFormatTest, AnAlteredHeaderReadsAsAWrongKey) {
  TempFolder dir;
  const Written w = MakeBackup(dir.path());
  std::string bad = w.bytes;
  const auto at = bad.find("2025-07-01T01:02:03Z");
  ASSERT_NE(at, std::string::npos);
  bad.replace(at, 4, "2024");  // same length, still valid JSON
  const ReadBack rb = Read(dir.path(), bad);
  EXPECT_TRUE(IsError(rb.contents, core::Errc::kInvalidArgument, "wrong_backup_key"));
}

TEST(BackupFormatTest, ADroppedOrRepeatedChunkIsDetected) {
  TempFolder dir;
  const Written w = MakeBackup(dir.path());
  const auto chunks = ChunkOffsets(w.bytes);
  ASSERT_GT(chunks.size(), 3u);
  const std::size_t a = chunks[2];
  const std::size_t b = chunks[3];
  std::string dropped = w.bytes.substr(0, a) + w.bytes.substr(b);
  EXPECT_TRUE(
      IsError(Read(dir.path(), dropped).contents, core::Errc::kInvalidArgument, "backup_damaged"));
  std::string repeated = w.bytes.substr(0, b) + w.bytes.substr(a, b - a) + w.bytes.substr(b);
  EXPECT_TRUE(
      IsError(Read(dir.path(), repeated).contents, core::Errc::kInvalidArgument, "backup_damaged"));
}

TEST(BackupFormatTest, BytesAfterTheFinalChunkAreRefused) {
  TempFolder dir;
  const Written w = MakeBackup(dir.path());
  EXPECT_TRUE(IsError(Read(dir.path(), w.bytes + "x").contents, core::Errc::kInvalidArgument,
                      "backup_trailing_data"));
  // Another backup's chunks appended do not pass either.
  const Written other = MakeBackup(dir.path());
  const std::size_t first = ChunkOffsets(other.bytes).front();
  EXPECT_FALSE(Read(dir.path(), w.bytes + other.bytes.substr(first)).contents.ok());
}

TEST(BackupFormatTest, NotABackupAndAnUnknownVersionAreNamed) {
  TempFolder dir;
  EXPECT_TRUE(IsError(Read(dir.path(), "SQLite format 3\0 and more").contents,
                      core::Errc::kInvalidArgument, "not_a_backup"));
  EXPECT_TRUE(IsError(Read(dir.path(), "").contents, core::Errc::kInvalidArgument, "not_a_backup"));
  const Written w = MakeBackup(dir.path());
  std::string v2 = w.bytes;
  v2[15] = 2;
  EXPECT_TRUE(IsError(Read(dir.path(), v2).contents, core::Errc::kInvalidArgument,
                      "unsupported_backup_format"));
}

TEST(BackupFormatTest, AShortSourceFailsTheEntry) {
  TempFolder dir;
  const std::string path = dir.path() + "/s.ysb";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  auto writer = BackupWriter::Start(fd, TestHeader(), kKey);
  ASSERT_TRUE(IsOk(writer));
  BackupEntry e{"tenants/t/blobs/x", EntryKind::kFile, 0600, 100, ""};
  int calls = 0;
  auto added = (*writer)->Add(e, [&](char* buf, std::size_t n) -> core::Result<std::size_t> {
    if (calls++ > 0) return std::size_t{0};  // the file shrank to 10 bytes
    std::fill(buf, buf + std::min<std::size_t>(n, 10), 'x');
    return std::min<std::size_t>(n, 10);
  });
  ::close(fd);
  EXPECT_TRUE(IsError(added, core::Errc::kUnavailable));
}

TEST(BackupFormatTest, EntryPathsAreRelativeAndPlain) {
  for (const char* ok : {"config.json", "keys/platform.key", "tenants/tenant-a/tenant.db",
                         "tenants/tenant-a/blobs/ab/0123", ".hidden/file", "a..b"}) {
    EXPECT_TRUE(ValidEntryPath(ok)) << ok;
  }
  for (const char* bad : {"", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", ".", "..",
                          "a\\b", "a\nb", "tenants/a/\x7f"}) {
    EXPECT_FALSE(ValidEntryPath(bad)) << bad;
  }
  EXPECT_FALSE(ValidEntryPath(std::string(5000, 'a')));
}

}  // namespace
}  // namespace yorisoi::app
