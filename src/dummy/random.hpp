// A small deterministic pseudo-random generator for the dummy-data generator (ダミーデータ).
//
// The same seed gives the same numbers on every platform, compiler and standard library: the
// generator is xoshiro256** (Blackman & Vigna) seeded through SplitMix64, and every derived value
// (ranges, probabilities, picks) is computed here with integer arithmetic or IEEE doubles that
// are exact — never through <random>'s distributions, whose algorithms are implementation-defined.
//
// NOT for anything secret: tokens, ids and keys come from crypto/ (libsodium).
//
// Streams: Fork(label) derives an independent generator from the current state and a label
// without advancing this one, so a generator that draws "names" and one that draws "address"
// do not shift each other when one of them later draws more.
//
// Thread-safety: an Rng is a plain value; use one per thread (or fork one per task).
#pragma once

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string_view>
#include <vector>

namespace yorisoi::dummy {

// SplitMix64's output function: a bijective 64-bit mixer. Exposed for seeding and hashing.
uint64_t Mix64(uint64_t x);
// FNV-1a 64 of the bytes, then Mix64: a stable hash for labels and tenant ids.
uint64_t HashLabel(std::string_view label);

// An item with an integer weight, for Rng::Weighted. Weights are relative; 0 means never.
template <class T>
struct WeightedItem {
  T value;
  uint32_t weight;
};

class Rng {
 public:
  explicit Rng(uint64_t seed);

  // The next 64 raw bits.
  uint64_t Next();

  // A uniform integer in [lo, hi], both inclusive, without modulo bias. Precondition: lo <= hi.
  int Uniform(int lo, int hi);
  int64_t Uniform64(int64_t lo, int64_t hi);
  // A uniform index in [0, n). Precondition: n > 0.
  std::size_t Index(std::size_t n);
  // A uniform double in [0, 1) with 53 random bits.
  double Real();
  // True with probability p (p <= 0: never; p >= 1: always).
  bool Chance(double p);

  // An independent generator determined by this one's current state and `label`. This generator
  // is not advanced: forking the same label twice from the same state gives the same stream.
  Rng Fork(std::string_view label) const;

  // A uniformly chosen element of a non-empty array, std::array, vector or span.
  template <class Container>
  const auto& Pick(const Container& items) {
    const std::size_t n = std::size(items);
    assert(n > 0);
    return *(std::begin(items) + static_cast<std::ptrdiff_t>(Index(n)));
  }

  // An index i with probability weights[i] / sum(weights). Precondition: the sum is positive.
  std::size_t WeightedIndex(std::span<const uint32_t> weights);

  // The `value` of an element of a container of WeightedItem, chosen with probability
  // weight / sum of weights. Precondition: the sum is positive. Linear in the size: for long
  // tables drawn often, use WeightedTable.
  template <class Container>
  const auto& Weighted(const Container& items) {
    uint64_t total = 0;
    for (const auto& item : items) total += item.weight;
    assert(total > 0);
    uint64_t r = Below(total);
    for (const auto& item : items) {
      if (r < item.weight) return item.value;
      r -= item.weight;
    }
    return std::begin(items)->value;  // not reached
  }

  // A uniform integer in [0, n). Precondition: n > 0.
  uint64_t Below(uint64_t n);

 private:
  std::array<uint64_t, 4> s_{};
};

// Cumulative weights for drawing from a long table in O(log n): build once, draw many times.
class WeightedTable {
 public:
  WeightedTable() = default;
  // Precondition: at least one positive weight.
  explicit WeightedTable(std::span<const uint32_t> weights);
  // Index i with probability weight[i] / total.
  std::size_t Sample(Rng& rng) const;
  std::size_t size() const { return cumulative_.size(); }

 private:
  std::vector<uint64_t> cumulative_;  // cumulative_[i] = sum of weights[0..i]
};

}  // namespace yorisoi::dummy
