// IntegerGroup exponentiation: variable-base (sliding window), secret
// exponents (mpn_sec_powm), fixed-base tables, simultaneous multi-exponents,
// and several powers of one base sharing a squaring chain.
#include <algorithm>
#include <array>
#include <cassert>

#include "henhouse/base/parallel.h"
#include "math/integer_group.h"

namespace henhouse::math::internal {
namespace {

// The widest fixed-base digit: 2^13 entries per table.
constexpr size_t kMaxFixedWindow = 13;

const mp_limb_t* ScalarLimbs(const Scalar& e) {
  return reinterpret_cast<const mp_limb_t*>(e.limbs().data());
}

size_t MaxBits(std::span<const Scalar> exps) {
  size_t bits = 0;
  for (const Scalar& e : exps) bits = std::max(bits, BitLength(ScalarLimbs(e), 4));
  return bits;
}

}  // namespace

bool IntegerGroup::IsMember(const mp_limb_t* x) const {
  mp_size_t n = mont_.n();
  LimbVec a(n), b(n), tmp = mont_.Scratch();
  if (q_delta_ != 0) {
    // q = 2^k − δ, so x^q = 1 ⇔ x^(2^k) = x^δ (x is invertible mod p).
    mont_.SqrN(a.data(), x, q_bits_, tmp.data());
    mp_limb_t delta = q_delta_;
    mont_.Pow(b.data(), x, &delta, BitLength(&delta, 1));
    return mpn_cmp(a.data(), b.data(), n) == 0;
  }
  mont_.Pow(a.data(), x, q_limbs_.data(), q_bits_);
  return mont_.IsOne(a.data());
}

Element IntegerGroup::PowPublic(const Element& base, const Scalar& e) const {
  auto rep = NewRep();
  mont_.Pow(rep->v.data(), MontOf(base), ScalarLimbs(e), BitLength(ScalarLimbs(e), 4));
  return Wrap(rep);
}

Element IntegerGroup::PowSecret(const Element& base, const SecretScalar& e) const {
  // mpn_sec_powm runs a fixed-window exponentiation over exactly bits(q)
  // exponent bits with constant-time table selection: neither its branches
  // nor its memory addresses depend on the exponent's value.
  mp_size_t n = mont_.n();
  LimbVec b(n), r(n), tmp = mont_.Scratch();
  mont_.FromMont(b.data(), MontOf(base), tmp.data());
  const mp_limb_t* ep = reinterpret_cast<const mp_limb_t*>(e.limbs(SecretAccess::Get()).data());
  LimbVec scratch(mpn_sec_powm_itch(n, q_bits_, n));
  mpn_sec_powm(r.data(), b.data(), n, ep, q_bits_, p_limbs_.data(), n, scratch.data());
  SecureWipe(scratch.data(), scratch.size() * sizeof(mp_limb_t));
  auto rep = NewRep();
  mont_.ToMontConstTime(rep->v.data(), r.data());
  return Wrap(rep);
}

FixedBase IntegerGroup::BuildTable(const Element& base) const {
  // Fixed-window tables: split the exponent into digits d_j of width w_j
  // (at most 13 bits), so base^e = Π_j T_j[d_j] with T_j[d] =
  // base^(d·2^(shift_j)): one multiplication per table after the first.
  // For 256-bit q: 20 tables (16 of 13 bits, 4 of 12 bits), 19
  // multiplications per exponentiation, 72 MiB at 4096 bits
  // (docs/performance.md, "Fixed-base table width", weighs 12 bits against 13).
  mp_size_t n = mont_.n();
  auto rep = std::make_shared<IntegerFixedRep>();
  size_t tables = (q_bits_ + kMaxFixedWindow - 1) / kMaxFixedWindow;
  size_t shift = 0, offset = 0;
  for (size_t j = 0; j < tables; ++j) {
    unsigned w = static_cast<unsigned>(q_bits_ / tables + (j < q_bits_ % tables ? 1 : 0));
    rep->width.push_back(w);
    rep->shift.push_back(static_cast<unsigned>(shift));
    rep->offset.push_back(offset);
    shift += w;
    offset += (size_t{1} << w) * n;
  }
  rep->entries.assign(offset, 0);
  // Each table's step base^(2^shift_j) by squarings (q_bits_ in all), then
  // the tables filled in parallel: each is its own chain of multiplications.
  std::vector<LimbVec> steps(tables);
  LimbVec tmp = mont_.Scratch();
  steps[0].assign(MontOf(base), MontOf(base) + n);
  for (size_t j = 1; j < tables; ++j) {
    steps[j].resize(static_cast<size_t>(n));
    mont_.SqrN(steps[j].data(), steps[j - 1].data(), rep->width[j - 1], tmp.data());
  }
  ParallelFor(tables, [&](size_t j) {
    LimbVec scratch = mont_.Scratch();
    const size_t per = size_t{1} << rep->width[j];
    mp_limb_t* t = &rep->entries[rep->offset[j]];
    std::copy(mont_.One(), mont_.One() + n, t);
    std::copy(steps[j].begin(), steps[j].end(), t + n);
    for (size_t d = 2; d < per; ++d) mont_.Mul(t + d * n, t + (d - 1) * n, t + n, scratch.data());
  });
  return MakeFixedBase(base, rep);
}

FixedBase IntegerGroup::Precompute(const Element& base) const {
  if (Equal(base, generator_)) {
    std::call_once(generator_table_once_, [this] { generator_table_ = BuildTable(generator_); });
    return generator_table_;
  }
  return BuildTable(base);
}

Element IntegerGroup::FixedPowPublic(const FixedBaseRep& table, const Scalar& e) const {
  const FixedPowJob job{&static_cast<const IntegerFixedRep&>(table), ScalarLimbs(e)};
  std::vector<Element> out;
  FixedPowRounds(std::span<const FixedPowJob>(&job, 1), &out);
  return out[0];
}

void IntegerGroup::FixedPowRounds(std::span<const FixedPowJob> jobs,
                                  std::vector<Element>* out) const {
  const mp_size_t n = mont_.n();
  const size_t bytes = static_cast<size_t>(n) * sizeof(mp_limb_t);
  auto prefetch = [bytes](const mp_limb_t* entry) {
    const char* p = reinterpret_cast<const char*>(entry);
    for (size_t off = 0; off < bytes; off += 64) __builtin_prefetch(p + off);
  };
  // Per job, the entries to multiply in order: one per table whose digit is
  // not 0.
  std::vector<std::array<const mp_limb_t*, 256>> entries(jobs.size());
  std::vector<size_t> count(jobs.size(), 0);
  size_t rounds = 0;
  for (size_t k = 0; k < jobs.size(); ++k) {
    const IntegerFixedRep& t = *jobs[k].table;
    for (size_t j = 0; j < t.width.size(); ++j) {
      const unsigned d = Bits(jobs[k].exponent, q_bits_, t.shift[j], t.width[j]);
      if (d != 0) entries[k][count[k]++] = &t.entries[t.offset[j] + d * n];
    }
    rounds = std::max(rounds, count[k]);
    for (size_t i = 0; i < std::min<size_t>(count[k], 2); ++i) prefetch(entries[k][i]);
  }
  std::vector<std::shared_ptr<IntegerElementRep>> reps;
  for (size_t k = 0; k < jobs.size(); ++k) {
    reps.push_back(NewRep());
    const mp_limb_t* first = count[k] == 0 ? mont_.One() : entries[k][0];
    std::copy(first, first + n, reps[k]->v.data());
  }
  // Round i multiplies every job by its entry i; while its products run, the
  // processor fetches the entries of round i + 1 (each is 512 bytes of a
  // table far larger than the caches).
  LimbVec tmp = mont_.Scratch();
  for (size_t i = 1; i < rounds; ++i) {
    for (size_t k = 0; k < jobs.size(); ++k) {
      if (i + 1 < count[k]) prefetch(entries[k][i + 1]);
    }
    for (size_t k = 0; k < jobs.size(); ++k) {
      if (i < count[k]) mont_.Mul(reps[k]->v.data(), reps[k]->v.data(), entries[k][i], tmp.data());
    }
  }
  for (auto& rep : reps) out->push_back(Wrap(rep));
}

std::vector<Element> IntegerGroup::FixedPowNonceMany(const FixedBaseRep& table,
                                                     std::span<const SecretScalar> es) const {
  return FixedPowNonceMany2(table, es, table, {})[0];
}

std::array<std::vector<Element>, 2> IntegerGroup::FixedPowNonceMany2(
    const FixedBaseRep& a, std::span<const SecretScalar> es_a, const FixedBaseRep& b,
    std::span<const SecretScalar> es_b) const {
  // Table lookups indexed by the nonces' digits: see docs/security.md.
  std::vector<Scalar> revealed;
  revealed.reserve(es_a.size() + es_b.size());
  std::vector<FixedPowJob> jobs;
  for (const SecretScalar& e : es_a) {
    revealed.push_back(e.Reveal(SecretAccess::Get()));
    jobs.push_back({&static_cast<const IntegerFixedRep&>(a), ScalarLimbs(revealed.back())});
  }
  for (const SecretScalar& e : es_b) {
    revealed.push_back(e.Reveal(SecretAccess::Get()));
    jobs.push_back({&static_cast<const IntegerFixedRep&>(b), ScalarLimbs(revealed.back())});
  }
  std::vector<Element> all;
  FixedPowRounds(jobs, &all);
  std::array<std::vector<Element>, 2> out;
  const auto split = all.begin() + static_cast<std::ptrdiff_t>(es_a.size());
  out[0].assign(all.begin(), split);
  out[1].assign(split, all.end());
  return out;
}

Element IntegerGroup::FixedPowSecret(const FixedBase& fixed, const SecretScalar& e) const {
  return PowSecret(fixed.base(), e);
}

Element IntegerGroup::FixedPowNonce(const FixedBaseRep& table, const SecretScalar& e) const {
  // Table lookups indexed by the nonce's digits: see docs/security.md.
  return FixedPowPublic(table, e.Reveal(SecretAccess::Get()));
}

Element IntegerGroup::MultiPow(std::span<const Element> bases, std::span<const Scalar> exps) const {
  assert(bases.size() == exps.size());
  std::vector<const mp_limb_t*> b, e;
  for (size_t i = 0; i < bases.size(); ++i) {
    b.push_back(MontOf(bases[i]));
    e.push_back(ScalarLimbs(exps[i]));
  }
  auto rep = NewRep();
  MultiPowRaw(b, e, MaxBits(exps), rep->v.data());
  return Wrap(rep);
}

void IntegerGroup::MultiPowRaw(const std::vector<const mp_limb_t*>& bases,
                               const std::vector<const mp_limb_t*>& exps, size_t ebits,
                               mp_limb_t* out) const {
  mp_size_t n = mont_.n();
  unsigned w = ebits <= 32 ? 2 : ebits <= 128 ? 4 : 5;
  size_t half = size_t{1} << (w - 1);
  std::vector<std::vector<uint16_t>> digits;
  for (const mp_limb_t* e : exps) digits.push_back(SlidingDigits(e, ebits, w));
  if (mont_.MultiPowDigits(bases, digits, w, out)) return;  // large moduli
  LimbVec tmp = mont_.Scratch(), sq(n);
  // Per base: odd powers b, b^3, …, b^(2^w − 1).
  std::vector<LimbVec> tables(bases.size(), LimbVec(half * n));
  for (size_t b = 0; b < bases.size(); ++b) {
    const mp_limb_t* x = bases[b];
    std::copy(x, x + n, tables[b].data());
    mont_.Sqr(sq.data(), x, tmp.data());
    for (size_t k = 1; k < half; ++k) {
      mont_.Mul(&tables[b][k * n], &tables[b][(k - 1) * n], sq.data(), tmp.data());
    }
  }
  MontAccumulator acc(n);
  size_t pending = 0;  // squarings owed to acc, done in runs by SqrN
  for (long i = static_cast<long>(ebits) - 1; i >= 0; --i) {
    if (acc.set) ++pending;
    for (size_t b = 0; b < bases.size(); ++b) {
      uint16_t d = digits[b][i];
      if (d == 0) continue;
      if (pending > 0) mont_.SqrN(acc.v.data(), acc.v.data(), pending, tmp.data());
      pending = 0;
      acc.MulBy(mont_, &tables[b][((d - 1) / 2) * n], tmp.data());
    }
  }
  if (pending > 0) mont_.SqrN(acc.v.data(), acc.v.data(), pending, tmp.data());
  const mp_limb_t* r = acc.set ? acc.v.data() : mont_.One();
  std::copy(r, r + n, out);
}

}  // namespace henhouse::math::internal
