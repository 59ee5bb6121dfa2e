// Contest data as the verifier sees it [2.1 §3.3.10, §3.6.6, §3.6.7]: the
// key stream of eq. 65/66 (recomputed here, not taken from the prover's
// code), the format of the decrypted D (docs/formats.md, "Contest data D")
// and Verification 12 over the record's contest data decryptions.
#ifndef HENHOUSE_SRC_VERIFY_CONTEST_DATA_H_
#define HENHOUSE_SRC_VERIFY_CONTEST_DATA_H_

#include <string>
#include <vector>

#include "verify/context.h"

namespace henhouse::verify {

// XorContestDataKeys returns `data` ⊕ (k_1 ∥ … ∥ k_b) with h = H(H_I; 0x26,
// ind_c, C0, β) and k_i = HMAC(h, b(i,4) ∥ "data_enc_keys" ∥ 0x00 ∥
// "contest_data" ∥ b(ind_c,4) ∥ b(b·256,4)) [eq. 65, 66; 12.3, 12.4; 13.6,
// 13.7]. `c0` and `beta` are encoded elements; data is 32·b bytes.
Bytes XorContestDataKeys(const Hash32& h_i, uint32_t contest, ByteSpan c0, ByteSpan beta,
                         ByteSpan data);

// ContestDataProblem checks a decrypted D against the format for contest
// `cm` and returns "" or what is wrong. With `values` (a challenged
// ballot's decrypted σ), also that the flags agree with them: overvote ⇒
// all σ = 0; otherwise undervote ⇔ Σσ < L, null vote ⇔ Σσ = 0, and a
// write-in text only on an option with σ ≥ 1.
std::string ContestDataProblem(const ContestModel& cm, ByteSpan d,
                               const std::vector<uint64_t>* values);

// VerifyContestDataDecryptions reads the contest data decryption entries
// (docs/formats.md, `contest_data_share`, `contest_data_exclusion`,
// `contest_data_decryption`) and performs Verification 12 with the
// per-guardian checks of the shares; the ballots are read again from the
// record by number.
Status VerifyContestDataDecryptions(Run& run);

}  // namespace henhouse::verify

#endif  // HENHOUSE_SRC_VERIFY_CONTEST_DATA_H_
