#include "dummy/random.hpp"

#include <algorithm>

namespace yorisoi::dummy {
namespace {

constexpr uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;

constexpr uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t Mix64(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t HashLabel(std::string_view label) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a offset basis
  for (const char c : label) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;  // FNV prime
  }
  return Mix64(h);
}

Rng::Rng(uint64_t seed) {
  // SplitMix64 as the authors recommend for filling xoshiro's state; never all zero.
  uint64_t x = seed;
  for (auto& word : s_) {
    x += kGoldenGamma;
    word = Mix64(x);
  }
}

uint64_t Rng::Next() {
  // xoshiro256** 1.0.
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

uint64_t Rng::Below(uint64_t n) {
  assert(n > 0);
  // Rejection of the top partial block: 2^64 mod n values are refused so that each residue is
  // equally likely. (0 - n) % n == 2^64 mod n in unsigned arithmetic.
  const uint64_t threshold = (0 - n) % n;
  for (;;) {
    const uint64_t r = Next();
    if (r >= threshold) return r % n;
  }
}

int64_t Rng::Uniform64(int64_t lo, int64_t hi) {
  assert(lo <= hi);
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  const uint64_t offset = span == UINT64_MAX ? Next() : Below(span + 1);
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + offset);
}

int Rng::Uniform(int lo, int hi) { return static_cast<int>(Uniform64(lo, hi)); }

std::size_t Rng::Index(std::size_t n) { return static_cast<std::size_t>(Below(n)); }

double Rng::Real() {
  // The top 53 bits scaled by 2^-53: exact in IEEE double.
  return static_cast<double>(Next() >> 11) * 0x1.0p-53;
}

bool Rng::Chance(double p) {
  if (p <= 0.0) return false;
  if (p >= 1.0) return true;
  return Real() < p;
}

Rng Rng::Fork(std::string_view label) const {
  const uint64_t state = s_[0] ^ Rotl(s_[1], 17) ^ Rotl(s_[2], 31) ^ Rotl(s_[3], 47);
  return Rng(Mix64(state + kGoldenGamma) ^ HashLabel(label));
}

std::size_t Rng::WeightedIndex(std::span<const uint32_t> weights) {
  uint64_t total = 0;
  for (const uint32_t w : weights) total += w;
  assert(total > 0);
  uint64_t r = Below(total);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (r < weights[i]) return i;
    r -= weights[i];
  }
  return weights.size() - 1;  // not reached
}

WeightedTable::WeightedTable(std::span<const uint32_t> weights) {
  cumulative_.reserve(weights.size());
  uint64_t total = 0;
  for (const uint32_t w : weights) {
    total += w;
    cumulative_.push_back(total);
  }
  assert(total > 0);
}

std::size_t WeightedTable::Sample(Rng& rng) const {
  assert(!cumulative_.empty() && cumulative_.back() > 0);
  const uint64_t r = rng.Below(cumulative_.back());
  // The first i with cumulative_[i] > r; zero-weight entries (equal neighbours) are skipped.
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), r);
  return static_cast<std::size_t>(it - cumulative_.begin());
}

}  // namespace yorisoi::dummy
