// Devices and ballots: Verifications 5–8 [2.1 §6.2.4] over every ballot in
// parallel, the device-level chaining checks (8.C–8.G) in record order, and
// the running aggregate of cast ballots for Verification 9.
#include <atomic>
#include <set>

#include "henhouse/base/parallel.h"
#include "henhouse/crypto/hash.h"
#include "verify/ballot.h"

namespace henhouse::verify {
namespace {

using Field36 = std::array<uint8_t, 36>;

Bytes ChainPrefix(uint32_t mode, const Hash32& h) {
  Bytes out;
  AppendU32(out, mode);
  Append(out, h);
  return out;
}

struct DeviceState {
  DeviceInfo info;
  Bytes b_c0;         // B_{C,0} = 0x00000001 ∥ H_DI  [eq. 74]
  Hash32 last{};      // H_{j−1}: H_0, then each ballot's confirmation code
  uint64_t count = 0;
};

StatusOr<DeviceState> ReadDevice(Run& run, std::set<std::string>& seen) {
  HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("device"));
  Path p = RootPath(e.file->name);
  const Json& b = e.body;
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(b, {"chaining", "h_di", "id", "info"}, {"h_0"}, p));
  DeviceState d;
  HENHOUSE_ASSIGN_OR_RETURN(d.info.id, GetString(b, "id", p));
  if (e.file->qualifier != std::vector<std::string>{d.info.id}) {
    return p.At("id").Error("must equal the file name's qualifier");
  }
  if (!seen.insert(d.info.id).second) return p.At("id").Error("device appears twice");
  HENHOUSE_ASSIGN_OR_RETURN(std::string info, GetString(b, "info", p));
  HENHOUSE_ASSIGN_OR_RETURN(Hash32 h_di, GetHash(b, "h_di", p));
  HENHOUSE_ASSIGN_OR_RETURN(std::string chaining, GetString(b, "chaining", p));
  if (chaining != "none" && chaining != "simple") {
    return p.At("chaining").Error("expected \"none\" or \"simple\"");
  }
  d.info.simple = chaining == "simple";
  if (d.info.simple != b.contains("h_0")) {
    return p.Error("h_0 is present exactly when chaining is \"simple\"");
  }
  const Hash32& h_e = run.election.h_e;
  // 8.C: H_DI = H(H_E; 0x2A, b(len,4) ∥ S_device)  [eq. 72]
  crypto::HashInput in(0x2A);
  in.LengthPrefixed(AsBytes(info));
  d.info.h_di = crypto::H(h_e, in);
  std::string name = "device " + d.info.id;
  run.Items(kV8, 1);
  if (d.info.h_di != h_di) run.Fail(kV8, "8.C " + name + ": h_di mismatch");
  d.b_c0 = ChainPrefix(1, d.info.h_di);
  if (d.info.simple) {
    HENHOUSE_ASSIGN_OR_RETURN(Hash32 h_0, GetHash(b, "h_0", p));
    // 8.F: H_0 = H(H_E; 0x29, B_{C,0})  [eq. 75]
    crypto::HashInput h0(0x29);
    h0.Fixed(d.b_c0);
    d.last = crypto::H(h_e, h0);
    run.Items(kV8, 1);
    if (d.last != h_0) run.Fail(kV8, "8.F " + name + ": h_0 mismatch");
  }
  run.counters.hashes += 2;
  return d;
}

Status ReadDeviceClose(Run& run, const DeviceState& d) {
  HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("device_close"));
  Path p = RootPath(e.file->name);
  const Json& b = e.body;
  if (d.info.simple) {
    HENHOUSE_RETURN_IF_ERROR(
        ExpectKeys(b, {"ballots", "closing_field", "closing_hash", "id"}, {}, p));
  } else {
    HENHOUSE_RETURN_IF_ERROR(ExpectKeys(b, {"ballots", "id"}, {}, p));
  }
  HENHOUSE_ASSIGN_OR_RETURN(std::string id, GetString(b, "id", p));
  if (id != d.info.id || e.file->qualifier != std::vector<std::string>{id}) {
    return p.At("id").Error("expected device \"" + d.info.id + "\"");
  }
  HENHOUSE_RETURN_IF_ERROR(GetU64(b, "ballots", p, d.count, d.count).status());
  if (!d.info.simple) return OkStatus();
  HENHOUSE_ASSIGN_OR_RETURN(const Json* cf, Field(b, "closing_field", p));
  HENHOUSE_ASSIGN_OR_RETURN(Bytes field, ReadHex(*cf, 36, p.At("closing_field")));
  HENHOUSE_ASSIGN_OR_RETURN(Hash32 closing, GetHash(b, "closing_hash", p));
  // 8.G: B_C = 0x00000001 ∥ H(H_E; 0x2B, H_ℓ, B_{C,0}), H = H(H_E; 0x29, B_C)  [eq. 77, 78]
  crypto::HashInput in(0x2B);
  in.Fixed(d.last).Fixed(d.b_c0);
  Bytes expected = ChainPrefix(1, crypto::H(run.election.h_e, in));
  crypto::HashInput hin(0x29);
  hin.Fixed(expected);
  run.counters.hashes += 2;
  run.Items(kV8, 1);
  if (field != expected) {
    run.Fail(kV8, "8.G device " + d.info.id + ": closing field mismatch");
  } else if (crypto::H(run.election.h_e, hin) != closing) {
    run.Fail(kV8, "8.G device " + d.info.id + ": closing hash mismatch");
  }
  return OkStatus();
}

Aggregate EmptyAggregate(const ManifestModel& m, const math::Group& group) {
  Aggregate a;
  for (const ContestModel& c : m.contests) {
    a.emplace_back(c.options.size(), std::pair{group.Identity(), group.Identity()});
  }
  return a;
}

// Fold multiplies a cast ballot's selections into `agg`  [eq. 79].
void Fold(const ManifestModel& m, const BallotResult& r, Aggregate& agg) {
  const StyleModel& style = m.styles[r.style];
  for (size_t c = 0; c < style.contests.size(); ++c) {
    auto& slot = agg[style.contests[c] - 1];
    for (size_t o = 0; o < slot.size(); ++o) {
      slot[o].first = slot[o].first * r.selections[c][o].first;
      slot[o].second = slot[o].second * r.selections[c][o].second;
    }
  }
}

// Sequential checks of one verified ballot, in record order.
Status FinishBallot(Run& run, DeviceState& d, BallotResult& r, std::set<Hash32>& ids) {
  if (!r.error.ok()) return r.error;
  BallotState& bs = run.ballots;
  if (r.number != bs.total + 1) {
    return DataLossError("ballot " + std::to_string(r.number) + ": expected ballot number " +
                         std::to_string(bs.total + 1) +
                         " (numbers run 1, 2, 3, ... over the record, each once)");
  }
  ++bs.total;
  ++d.count;
  run.Merge(r.findings);
  for (int i = 0; i < kNumChecks; ++i) run.checks[i].items += r.items[i];
  run.counters.Add(r.counters);
  std::string name = "ballot " + std::to_string(r.number);
  run.Items(kV5, 1);
  if (!ids.insert(r.id).second) {  // 5.A
    run.Fail(kV5, "5.A " + name + ": selection encryption identifier " + Hex32(r.id) +
                      " was used by an earlier ballot");
  }
  // 8.D (no chaining): B_C = 0x00000000 ∥ H_DI  [eq. 73];
  // 8.E (simple): B_C = 0x00000001 ∥ H_{j−1}  [eq. 76].
  Bytes expected = d.info.simple ? ChainPrefix(1, d.last) : ChainPrefix(0, d.info.h_di);
  run.Items(kV8, 1);
  if (r.chaining_field != expected) {
    run.Fail(kV8, std::string(d.info.simple ? "8.E " : "8.D ") + name +
                      ": chaining field mismatch");
  }
  d.last = r.confirmation_code;
  if (r.cast) {
    ++bs.cast;
  } else {
    bs.challenged.emplace(r.number, std::move(*r.challenged));
  }
  return OkStatus();
}

Status VerifyDeviceBallots(Run& run, DeviceState& d, std::set<Hash32>& ids) {
  size_t slots = run.ballots.partial.size();
  while (run.cursor->PeekType() == "ballot") {
    auto batch = run.cursor->PeekBatchFiles("ballot", run.options.batch);
    std::vector<BallotResult> results(batch.size());
    const Run& crun = run;
    // Each slot takes the next unverified ballot of the batch (ballots differ
    // in cost by style), reads its file itself and folds the cast ones into
    // its own partial aggregate, so no two threads share one and no core waits
    // for a serial read.
    std::atomic<size_t> next{0};
    ParallelFor(
        slots,
        [&](size_t s) {
          for (size_t i = next.fetch_add(1); i < batch.size(); i = next.fetch_add(1)) {
            auto text = crun.cursor->ReadBytes(*batch[i].first);
            if (!text.ok()) {
              results[i].error = text.status();
              continue;
            }
            VerifyOneBallot(crun, d.info, batch[i].first->name, *text, results[i]);
            if (results[i].error.ok() && results[i].cast) {
              Fold(crun.election.manifest, results[i], run.ballots.partial[s]);
            }
          }
        },
        run.options.threads);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (results[i].error.ok() &&
          batch[i].first->qualifier != std::vector<std::string>{std::to_string(results[i].number)}) {
        return DataLossError("record file " + batch[i].first->name +
                             ": the qualifier must be the ballot's number " +
                             std::to_string(results[i].number));
      }
      HENHOUSE_RETURN_IF_ERROR(FinishBallot(run, d, results[i], ids));
      run.ballots.files.push_back(batch[i].first);
      run.ballots.digests.push_back(results[i].digest);
      run.cursor->Advance(*batch[i].first, results[i].digest);
    }
  }
  return OkStatus();
}

}  // namespace

Status VerifyBallots(Run& run) {
  size_t threads = run.options.threads == 0 ? HardwareThreads() : run.options.threads;
  run.ballots.partial.assign(threads, EmptyAggregate(run.election.manifest, run.group()));
  std::set<std::string> devices;
  std::set<Hash32> ids;
  while (run.cursor->PeekType() == "device") {
    HENHOUSE_ASSIGN_OR_RETURN(DeviceState d, ReadDevice(run, devices));
    HENHOUSE_RETURN_IF_ERROR(VerifyDeviceBallots(run, d, ids));
    HENHOUSE_RETURN_IF_ERROR(ReadDeviceClose(run, d));
  }
  return OkStatus();
}

}  // namespace henhouse::verify
