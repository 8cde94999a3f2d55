// PRIVATE to yorisoi_ja: ICU helpers shared by its .cpp files. Do not include this header from
// outside src/ja — the library's contract is that ICU types never reach its users.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <unicode/unistr.h>

namespace yorisoi::ja::internal {

// Strict UTF-8 → UTF-16: nullopt for ill-formed input (stray or truncated sequences, overlongs,
// encoded surrogates, code points above U+10FFFF) and for input longer than INT32_MAX bytes.
// U+0000 is accepted (the length is explicit).
std::optional<icu::UnicodeString> DecodeUtf8(std::string_view utf8);

// UTF-16 → UTF-8. Input produced by ICU from DecodeUtf8 output is always well-formed.
std::string EncodeUtf8(const icu::UnicodeString& text);

// One ICU service object per thread, cloned from a prototype that Factory builds once.
//
// Why: ICU transliterators and formatters keep mutable state while working and are not safe to
// share between threads; the guidance is "clone per thread". The prototype is built on first use
// (thread-safe static initialisation) and only ever read by clone(), under a mutex, once per
// thread; after that a thread uses its own clone without locking. Each Factory function gives its
// own instantiation, hence its own prototype and thread-local slot.
//
// Returns nullptr when the Factory failed (ICU data missing) or a clone could not be made;
// callers then fail soft (empty string / false), never crash.
template <typename T, std::unique_ptr<T> (*Factory)()>
T* PerThread() {
  struct Prototype {
    std::mutex mu;
    std::unique_ptr<T> object = Factory();
  };
  static Prototype prototype;
  thread_local std::unique_ptr<T> local;
  if (local == nullptr && prototype.object != nullptr) {
    std::lock_guard<std::mutex> lock(prototype.mu);
    local.reset(prototype.object->clone());
  }
  return local.get();
}

}  // namespace yorisoi::ja::internal
