// Result<T>: a value or an Error, in the shape of C++23 std::expected (which g++ 12 lacks in
// C++20 mode). Expected failures travel as values; exceptions are for start-up and bugs.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace yorisoi::core {

// Wraps an Error so that Result<Error> style ambiguities cannot arise: `return Unexpected(err);`
struct Unexpected {
  Error error;
  explicit Unexpected(Error e) : error(std::move(e)) {}
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Unexpected u) : v_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT
  Result(Error e) : v_(std::in_place_index<1>, std::move(e)) {}             // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected u) : error_(std::move(u.error)), ok_(false) {}  // NOLINT
  Result(Error e) : error_(std::move(e)), ok_(false) {}             // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& {
    assert(!ok_);
    return error_;
  }
  Error&& error() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

}  // namespace yorisoi::core

#define YS_CONCAT_INNER_(a, b) a##b
#define YS_CONCAT_(a, b) YS_CONCAT_INNER_(a, b)

// Propagates an error from an expression yielding a Result; the value is discarded. The
// temporary's name is unique (__COUNTER__), so the macro nests inside lambdas without shadowing.
#define YS_RETURN_IF_ERROR(expr) YS_RETURN_IF_ERROR_IMPL_(YS_CONCAT_(ys_status_, __COUNTER__), expr)
#define YS_RETURN_IF_ERROR_IMPL_(tmp, expr)       \
  do {                                            \
    auto tmp = (expr);                            \
    if (!tmp.ok()) return std::move(tmp).error(); \
  } while (false)

// `YS_ASSIGN_OR_RETURN(auto x, Foo());` declares x from the value or returns the error.
#define YS_ASSIGN_OR_RETURN(lhs, expr) \
  YS_ASSIGN_OR_RETURN_IMPL_(YS_CONCAT_(ys_r_, __COUNTER__), lhs, expr)
#define YS_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return std::move(tmp).error();   \
  lhs = std::move(tmp).value()
