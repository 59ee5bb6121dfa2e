#include "math/p256_mult.h"

#include <cassert>

namespace henhouse::math::internal::p256 {
namespace {

// ShiftRight shifts a 5-word little-endian value right by k bits, 1 ≤ k ≤ 64.
void ShiftRight(std::array<uint64_t, 5>& v, int k) {
  if (k == 64) {
    for (int i = 0; i < 4; ++i) v[i] = v[i + 1];
    v[4] = 0;
    return;
  }
  for (int i = 0; i < 4; ++i) v[i] = (v[i] >> k) | (v[i + 1] << (64 - k));
  v[4] >>= k;
}

// AddSmall adds a signed value |d| < 2^63 to a 5-word value that stays
// non-negative.
void AddSmall(std::array<uint64_t, 5>& v, int64_t d) {
  if (d >= 0) {
    uint64_t carry = static_cast<uint64_t>(d);
    for (int i = 0; i < 5 && carry != 0; ++i) {
      v[i] += carry;
      carry = v[i] < carry ? 1 : 0;
    }
  } else {
    uint64_t borrow = static_cast<uint64_t>(-d);
    for (int i = 0; i < 5 && borrow != 0; ++i) {
      const uint64_t before = v[i];
      v[i] -= borrow;
      borrow = before < borrow ? 1 : 0;
    }
  }
}

bool IsZero5(const std::array<uint64_t, 5>& v) { return (v[0] | v[1] | v[2] | v[3] | v[4]) == 0; }


}  // namespace

// Window returns the 7 bits of e starting at bit `pos` (bits past 255 are 0).
int Window7(const Limbs& e, int pos) {
  if (pos >= 256) return 0;
  const int word = pos / 64, bit = pos % 64;
  uint64_t v = e[word] >> bit;
  if (bit > 64 - 7 && word < 3) v |= e[word + 1] << (64 - bit);
  return static_cast<int>(v & 0x7F);
}

std::array<int8_t, 257> Wnaf(const Limbs& scalar, int w) {
  assert(w >= 2 && w <= 8);
  std::array<int8_t, 257> digits{};
  std::array<uint64_t, 5> v = {scalar[0], scalar[1], scalar[2], scalar[3], 0};
  const int64_t mask = (int64_t{1} << w) - 1, half = int64_t{1} << (w - 1);
  int i = 0;
  while (i < 257 && !IsZero5(v)) {
    if ((v[0] & 1) == 0) {
      const int zeros = v[0] == 0 ? 64 : __builtin_ctzll(v[0]);
      ShiftRight(v, zeros);
      i += zeros;
      continue;
    }
    int64_t d = static_cast<int64_t>(v[0]) & mask;
    if (d >= half) d -= int64_t{1} << w;
    digits[i] = static_cast<int8_t>(d);
    AddSmall(v, -d);  // the low w bits are now zero
    ShiftRight(v, w);
    i += w;
  }
  return digits;
}

PowTable::PowTable(int teeth, int width)
    : teeth_(teeth), spacing_(256 / teeth), width_(width), odd_count_(1 << (width - 2)) {
  assert(teeth == 1 || teeth == 2 || teeth == 4 || teeth == 8);
  assert(width >= 2 && width <= 8);
}

PowTable::PowTable(const Aff& base, int teeth, int width) : PowTable(teeth, width) {
  PowTable* one[1] = {this};
  Build(one, &base);
}

std::array<PowTable, 2> PowTable::Two(const Aff& base0, const Aff& base1, int teeth, int width) {
  std::array<PowTable, 2> out = {PowTable(teeth, width), PowTable(teeth, width)};
  PowTable* both[2] = {&out[0], &out[1]};
  const Aff bases[2] = {base0, base1};
  Build(both, bases);
  return out;
}

// Build fills one or two tables of the same shape: their teeth's doubling
// chains side by side (DoubleLanes), and one conversion to affine form for
// all their entries.
void PowTable::Build(std::span<PowTable* const> tables, const Aff* bases) {
  assert(tables.size() == 1 || tables.size() == 2);
  const int teeth = tables[0]->teeth_, spacing = tables[0]->spacing_, count = tables[0]->odd_count_;
  const size_t per = static_cast<size_t>(teeth) * count;
  std::vector<Jac> odd(tables.size() * per);
  PointPair teeth_now;  // lane t: tables[t]'s current tooth
  for (size_t t = 0; t < tables.size(); ++t) teeth_now.lane[t].p = FromAff(bases[t]);
  for (int k = 0; k < teeth; ++k) {
    if (k > 0) {
      if (tables.size() == 2) {
        DoubleLanes(teeth_now, spacing);
      } else {
        DoubleLane(teeth_now.lane[0], spacing);
      }
    }
    for (size_t t = 0; t < tables.size(); ++t) {
      const Jac& tooth = teeth_now.lane[t].p;
      Jac twice;
      JacDouble(twice, tooth);
      Jac* row = &odd[t * per + static_cast<size_t>(k) * count];
      row[0] = tooth;
      for (int j = 1; j < count; ++j) JacAdd(row[j], row[j - 1], twice);
    }
  }
  // No entry is the identity: each is m·2^(s·k)·base with 0 < m < 2^w and the
  // group order a prime above 2^255.
  std::vector<Aff> affine(odd.size());
  BatchToAffine(odd, affine.data());
  for (size_t t = 0; t < tables.size(); ++t) {
    tables[t]->odd_.assign(affine.begin() + static_cast<std::ptrdiff_t>(t * per),
                           affine.begin() + static_cast<std::ptrdiff_t>((t + 1) * per));
  }
}

Jac PowTable::Pow(const Limbs& e) const {
  const PowTerm term{this, &e};
  return MultiPow(std::span<const PowTerm>(&term, 1));
}

constexpr size_t kMaxTerms = 4;
// At most one digit per tooth and term at a position.
constexpr int kMaxSteps = 8 * static_cast<int>(kMaxTerms);

// Step is one addition of a chain: ±entry.
struct Step {
  const Aff* entry;
  bool negate;
};

// Chain is one product of a MultiPow: its terms' digits and accumulator.
struct Chain {
  Chain(std::span<const PowTerm> t, PointLane& l) : terms(t), lane(l) {
    assert(!terms.empty() && terms.size() <= kMaxTerms);
    for (size_t i = 0; i < terms.size(); ++i) {
      assert(terms[i].table->teeth() == terms[0].table->teeth());
      digits[i] = Wnaf(*terms[i].exp, terms[i].table->width());
    }
  }
  std::span<const PowTerm> terms;
  std::array<std::array<int8_t, 257>, kMaxTerms> digits;
  PointLane& lane;  // the accumulator is lane.p
};

// Steps lists the entries (and signs) the chain adds at doubling position
// pos: tooth k carries digit k·s + pos; position s belongs to the next tooth
// (as its position 0) except for the last tooth's carry digit 256. Returns
// how many (at most kMaxSteps).
int PowTable::Steps(const Chain& chain, int pos, Step* out) {
  const int teeth = chain.terms[0].table->teeth_, spacing = chain.terms[0].table->spacing_;
  int n = 0;
  for (int k = pos == spacing ? teeth - 1 : 0; k < teeth; ++k) {
    for (size_t t = 0; t < chain.terms.size(); ++t) {
      const int d = chain.digits[t][k * spacing + pos];
      if (d == 0) continue;
      const PowTable& table = *chain.terms[t].table;
      out[n++] = {&table.odd_[static_cast<size_t>(k) * table.odd_count_ + (d > 0 ? d : -d) / 2],
                  d < 0};
    }
  }
  return n;
}

Jac MultiPow(std::span<const PowTerm> terms) {
  PointLane lane;
  Chain chain(terms, lane);
  Step steps[kMaxSteps];
  for (int pos = terms[0].table->spacing_; pos >= 0; --pos) {
    if (!IsIdentity(lane.p)) DoubleLane(lane, 1);
    const int n = PowTable::Steps(chain, pos, steps);
    for (int i = 0; i < n; ++i) AddToLane(lane, *steps[i].entry, steps[i].negate);
  }
  return lane.p;
}

void MultiPow2(std::span<const PowTerm> terms0, std::span<const PowTerm> terms1, Jac& out0,
               Jac& out1) {
  // The accumulators stay in the pair's lanes from one doubling to the next.
  PointPair pair;
  const Jac& acc0 = pair.lane[0].p;
  const Jac& acc1 = pair.lane[1].p;
  Chain a(terms0, pair.lane[0]), b(terms1, pair.lane[1]);
  const int spacing = terms0[0].table->spacing_;
  assert(terms1[0].table->spacing_ == spacing);
  for (int pos = spacing; pos >= 0; --pos) {
    // Doubling the identity leaves it the identity, so both double together.
    if (!IsIdentity(acc0) || !IsIdentity(acc1)) DoubleLanes(pair, 1);
    // The two chains' additions side by side while both have one.
    Step sa[kMaxSteps], sb[kMaxSteps];
    const int na = PowTable::Steps(a, pos, sa), nb = PowTable::Steps(b, pos, sb);
    int i = 0;
    for (; i < na && i < nb; ++i) {
      const Aff* entries[2] = {sa[i].entry, sb[i].entry};
      const bool negate[2] = {sa[i].negate, sb[i].negate};
      AddToLanes(pair, entries, negate);
    }
    for (int j = i; j < na; ++j) AddToLane(pair.lane[0], *sa[j].entry, sa[j].negate);
    for (int j = i; j < nb; ++j) AddToLane(pair.lane[1], *sb[j].entry, sb[j].negate);
  }
  out0 = acc0;
  out1 = acc1;
}

FixedTable::FixedTable(const Aff& base) {
  static_assert(kWindows == kFixedWindows);
  std::vector<Jac> points(static_cast<size_t>(kWindows) * kEntries);
  Jac unit = FromAff(base);  // 2^(7i)·base
  for (int i = 0; i < kWindows; ++i) {
    Jac* row = &points[static_cast<size_t>(i) * kEntries];
    Jac twice;
    JacDouble(twice, unit);
    row[0] = unit;
    for (int j = 1; j < kEntries; ++j) JacAdd(row[j], row[j - 1], twice);
    JacAdd(unit, row[kEntries - 1], unit);  // 127 + 1 = 2^7
  }
  // No entry is the identity: d·2^(7i) < 2^259 with d odd is never a
  // multiple of the prime group order (d ≤ 127 is below it).
  table_.resize(points.size());
  BatchToAffine(points, table_.data());
  const Jac special = PowOdd(kOddSpecial);
  std::span<const Jac> one(&special, 1);
  BatchToAffine(one, &special_);
}

Jac FixedTable::Pow(const Limbs& e) const { return PowOdd(MakeOdd(e)); }

Jac FixedTable::PowOdd(const OddScalar& k) const {
  Jac acc;
  for (int i = 0; i < kWindows; ++i) {
    uint64_t index, negative;
    OddDigit(k, i, &index, &negative);
    JacAddAff(acc, acc, table_[static_cast<size_t>(i) * kEntries + index], negative != 0);
  }
  return acc;
}

}  // namespace henhouse::math::internal::p256
