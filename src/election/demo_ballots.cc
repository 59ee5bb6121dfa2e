#include "election/demo_ballots.h"

#include "election/entries.h"
#include "henhouse/base/parallel.h"

namespace henhouse::election {
namespace {

constexpr uint32_t kDevices = 4;

Status WriteDevice(const VotingDevice& d, RecordSink& sink) {
  Json j{{"id", d.id()},
         {"info", d.info()},
         {"h_di", Hex(d.h_di())},
         {"chaining", d.mode() == ChainingMode::kNone ? "none" : "simple"}};
  if (d.mode() == ChainingMode::kSimple) j["h_0"] = Hex(d.h_0());
  return AppendJson(sink, "device", d.id(), j);
}

Status WriteDeviceClose(const VotingDevice& d, RecordSink& sink) {
  Json j{{"id", d.id()}, {"ballots", d.count()}};
  if (d.mode() == ChainingMode::kSimple) {
    auto [field, hash] = d.Closing();
    j["closing_field"] = HexChain(field);
    j["closing_hash"] = Hex(hash);
  }
  return AppendJson(sink, "device_close", d.id(), j);
}

}  // namespace

namespace {

constexpr const char* kWriteInNames[] = {"Jane Q. Public", "Mickey Mouse", "Ada Lovelace",
                                         "Grace Hopper", "None of the above", "Zoë Ångström"};

// RandomInput gives some contests an overvote (2 %: the voter marked one
// more option than allowed; the values become zero) and gives write-in
// options that got a vote a text (half of them).
ContestInput RandomInput(const ContestDef& def, std::vector<uint32_t>& values, Rng& rng) {
  ContestInput in;
  if (rng.Uniform(50) == 0) {
    std::vector<uint32_t> marks(def.options.size(), 0);
    for (uint32_t m = 0; m <= def.selection_limit; ++m) {
      uint64_t o = rng.Uniform(marks.size());
      ++marks[o];
    }
    values.assign(values.size(), 0);
    in.overvote = std::move(marks);
  }
  for (size_t o = 0; o < def.options.size(); ++o) {
    bool marked = in.overvote.empty() ? values[o] > 0 : in.overvote[o] > 0;
    if (def.options[o].write_in && marked && rng.Uniform(2) == 0) {
      in.write_ins.push_back(
          WriteIn{static_cast<uint32_t>(o + 1), kWriteInNames[rng.Uniform(std::size(kWriteInNames))]});
    }
  }
  return in;
}

}  // namespace

PlaintextBallot RandomBallot(const Manifest& manifest, Rng& rng) {
  const BallotStyle& style = manifest.styles()[rng.Uniform(manifest.styles().size())];
  PlaintextBallot b{style.label, {}, {}};
  for (uint32_t c : style.contests) {
    const ContestDef& def = manifest.contest(c);
    std::vector<uint32_t> values(def.options.size(), 0);
    // A uniform number of marks in [0, L]: 0 and < L are undervotes.
    uint64_t marks = rng.Uniform(def.selection_limit + 1);
    for (uint64_t m = 0; m < marks; ++m) {
      uint64_t o = rng.Uniform(values.size());
      for (size_t tries = 0; tries < values.size() && values[o] >= def.option_limit; ++tries) {
        o = (o + 1) % values.size();
      }
      if (values[o] < def.option_limit) ++values[o];
    }
    b.inputs.push_back(RandomInput(def, values, rng));
    b.selections.push_back(std::move(values));
  }
  return b;
}

StatusOr<VotingOutcome> RunVoting(const ElectionParameters& params, const ElectionKeys& keys,
                                  uint64_t ballots, uint32_t challenge_percent, uint64_t sample,
                                  RecordSink& sink, Rng& rng,
                                  const std::function<void(uint64_t)>& progress) {
  HENHOUSE_ASSIGN_OR_RETURN(BallotEncrypter enc, BallotEncrypter::Create(params, keys));
  VotingOutcome out;
  for (const ContestDef& c : params.manifest.contests()) out.expected.emplace_back(c.options.size(), 0);
  const size_t batch = 16 * HardwareThreads();
  uint64_t number = 0;
  for (uint32_t d = 0; d < kDevices; ++d) {
    ChainingMode mode = d % 2 == 0 ? ChainingMode::kNone : ChainingMode::kSimple;
    std::string id = "station-" + std::to_string(d + 1);
    HENHOUSE_ASSIGN_OR_RETURN(
        VotingDevice device,
        VotingDevice::Create(keys.h_e, id, "henhouse demo voting station " + std::to_string(d + 1) +
                                               ", polling place " + std::to_string(d / 2 + 1),
                             mode));
    HENHOUSE_RETURN_IF_ERROR(WriteDevice(device, sink));
    uint64_t count = ballots / kDevices + (d < ballots % kDevices ? 1 : 0);
    for (uint64_t done = 0; done < count;) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(batch, count - done));
      std::vector<PlaintextBallot> plain;
      for (size_t i = 0; i < n; ++i) plain.push_back(RandomBallot(params.manifest, rng));
      std::vector<StatusOr<EncryptedBallot>> encrypted(n, InternalError("not encrypted"));
      ParallelFor(n, [&](size_t i) { encrypted[i] = enc.Encrypt(plain[i], rng); });
      for (size_t i = 0; i < n; ++i) {
        if (!encrypted[i].ok()) return encrypted[i].status();
        EncryptedBallot& b = *encrypted[i];
        b.number = ++number;
        device.Seal(b);
        // The voter sees the confirmation code, then casts or challenges.
        b.challenged = rng.Uniform(100) < challenge_percent;
        HENHOUSE_RETURN_IF_ERROR(AppendJson(sink, "ballot", std::to_string(b.number), BallotJson(b)));
        if (b.challenged) {
          out.challenged[b.number] = plain[i];
          continue;
        }
        ++out.cast;
        if (out.cast_sample.size() < sample) out.cast_sample[b.number] = plain[i];
        const BallotStyle& st = params.manifest.styles()[*params.manifest.StyleIndex(b.style) - 1];
        for (size_t c = 0; c < st.contests.size(); ++c) {
          for (size_t o = 0; o < plain[i].selections[c].size(); ++o) {
            out.expected[st.contests[c] - 1][o] += plain[i].selections[c][o];
          }
        }
      }
      done += n;
      if (progress) progress(number);
    }
    HENHOUSE_RETURN_IF_ERROR(WriteDeviceClose(device, sink));
  }
  return out;
}

}  // namespace henhouse::election
