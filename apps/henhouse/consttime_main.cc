// henhouse_consttime: runs the secret-exponent and secret-scalar paths with
// the secrets marked undefined for valgrind memcheck, so that any branch or
// memory index that depends on a secret is reported (`make check-consttime`
// runs it under valgrind with --error-exitcode=1). See docs/security.md,
// "Constant-time paths".
//
//   henhouse_consttime                     the constant-time paths; must pass
//   henhouse_consttime --negative-control  also a variable-time exponentiation
//                                          of a secret; valgrind must fail
//
// This file is built only as henhouse_consttime (the CLI's source glob picks
// it up too, where the guard below leaves it empty).
#ifdef HENHOUSE_CONSTTIME_MAIN

#include <valgrind/memcheck.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>
#include <string>

#include "henhouse/math/group.h"
#include "math/integer_group.h"
#include "math/p256_rep.h"

namespace henhouse::math {
namespace {

void Poison(const SecretScalar& s) {
  const auto& limbs = s.limbs(SecretAccess::Get());
  VALGRIND_MAKE_MEM_UNDEFINED(limbs.data(), sizeof(limbs));
}
void Unpoison(const SecretScalar& s) {
  const auto& limbs = s.limbs(SecretAccess::Get());
  VALGRIND_MAKE_MEM_DEFINED(limbs.data(), sizeof(limbs));
}
// Declassify marks a result that is public by design (g^x is public) as
// defined before it reaches variable-time code such as encoding.
void Declassify(const Group& group, const Element& e) {
  if (group.Name() == "p256") {
    // Our Jacobian coordinates, where the element has them (results of
    // OpenSSL's multiplication live in its opaque EC_POINT instead).
    const auto* rep = static_cast<const internal::p256_rep::PointRep*>(e.rep());
    if (rep->jac) VALGRIND_MAKE_MEM_DEFINED(&*rep->jac, sizeof(*rep->jac));
    return;
  }
  const auto& ig = static_cast<const internal::IntegerGroup&>(group);
  VALGRIND_MAKE_MEM_DEFINED(internal::IntegerGroup::MontOf(e), ig.mont().n() * sizeof(mp_limb_t));
}

// RunScalars exercises SecretScalar arithmetic on poisoned operands.
Bytes RunScalars(const Group& g, Rng& rng) {
  SecretScalar a = g.RandomSecretScalar(rng);
  SecretScalar b = g.RandomSecretScalar(rng);
  Scalar c = g.RandomScalar(rng);
  Poison(a);
  Poison(b);
  SecretScalar sum = a + b;
  SecretScalar mixed = a + c;
  SecretScalar diff = a - b;
  SecretScalar prod = a * b;
  SecretScalar scaled = c * b;
  SecretScalar neg = -a;
  // Reduction of secret bytes: a 32-byte hash (SecretFromHash) and the
  // 48 bytes of a random scalar (ScalarField::Reduce).
  Bytes hash = rng.Generate(32), wide = rng.Generate(48);
  VALGRIND_MAKE_MEM_UNDEFINED(hash.data(), hash.size());
  VALGRIND_MAKE_MEM_UNDEFINED(wide.data(), wide.size());
  SecretScalar from_hash = g.SecretFromHash(hash);
  std::array<uint64_t, 4> reduced = g.Field().Reduce(wide);
  SecretScalar all = ((sum * diff) + (prod - neg)) * (mixed + scaled) + from_hash;
  Unpoison(all);
  VALGRIND_MAKE_MEM_DEFINED(reduced.data(), sizeof(reduced));
  Bytes out = all.Reveal(SecretAccess::Get()).Encode();
  for (uint64_t limb : reduced) out.push_back(static_cast<uint8_t>(limb));
  return out;
}

// RunPow exercises Element::Pow(secret) on a base k and FixedBase::Pow(secret)
// on the generator; on p256 also FixedBase::PowNonce, PowNonceMany on k's
// own table and PowNonceManyWith on both tables (on
// integer4096 a table for k would cost a 72 MiB build per iteration under
// valgrind).
Bytes RunPow(const Group& g, Rng& rng, bool negative_control) {
  const bool p256 = g.Name() == "p256";
  Element k = g.Generator().Pow(g.RandomScalar(rng));
  FixedBase fixed_g = g.Precompute(g.Generator());
  std::optional<FixedBase> fixed_k;
  if (p256) fixed_k = g.Precompute(k);
  SecretScalar x = g.RandomSecretScalar(rng);
  Poison(x);
  Element y = k.Pow(x);
  Element z = fixed_g.Pow(x);
  Declassify(g, y);
  Declassify(g, z);
  if (fixed_k) {
    Element w = fixed_k->PowNonce(x);
    Declassify(g, w);
    z = z * w;
    // The batched form, five exponents derived from x (a pass of three
    // and a pass of two).
    std::vector<SecretScalar> many;
    for (uint64_t i = 1; i <= 5; ++i) many.push_back(x + g.ScalarFromU64(i));
    for (const Element& e : fixed_k->PowNonceMany(many)) {
      Declassify(g, e);
      z = z * e;
    }
    // Both tables in one pass, as encryption computes g's and K's powers.
    auto [on_g, on_k] = fixed_g.PowNonceManyWith(many, *fixed_k, many);
    for (const std::vector<Element>* v : {&on_g, &on_k}) {
      for (const Element& e : *v) {
        Declassify(g, e);
        z = z * e;
      }
    }
  }
  if (negative_control) {
    // Deliberately wrong: the public paths branch on (or index by) the
    // exponent's digits.
    const Scalar revealed = x.Reveal(SecretAccess::Get());
    Element leak = fixed_k ? fixed_k->Pow(revealed) : k.Pow(revealed);
    Declassify(g, leak);
    y = y * leak;
  }
  Unpoison(x);
  Bytes out = y.Encode();
  Append(out, z.Encode());
  return out;
}

int Run(bool negative_control) {
  DeterministicRng rng(20261123);
  struct Plan {
    const char* group;
    int iterations;
  };
  const Plan plans[] = {{"toy48", 20}, {"integer4096", 2}, {"p256", 4}};
  size_t checksum = 0;
  for (const Plan& plan : plans) {
    auto group = GroupByName(plan.group);
    if (!group.ok()) {
      std::fprintf(stderr, "%s\n", group.status().ToString().c_str());
      return 1;
    }
    for (int i = 0; i < plan.iterations; ++i) {
      Bytes s = RunScalars(**group, rng);
      Bytes p = RunPow(**group, rng, negative_control);
      for (uint8_t b : s) checksum += b;
      for (uint8_t b : p) checksum += b;
    }
    std::printf("%s: %d iterations\n", plan.group, plan.iterations);
  }
  std::printf("checksum %zu%s\n", checksum,
              RUNNING_ON_VALGRIND ? "" : " (not under valgrind: nothing was checked)");
  return 0;
}

}  // namespace
}  // namespace henhouse::math

int main(int argc, char** argv) {
  bool negative_control = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--negative-control") == 0) {
      negative_control = true;
    } else {
      std::fprintf(stderr, "usage: henhouse_consttime [--negative-control]\n");
      return 2;
    }
  }
  return henhouse::math::Run(negative_control);
}

#endif  // HENHOUSE_CONSTTIME_MAIN
