// Trust policies (C2SP tlog-policy): which logs are accepted and which
// witnesses must cosign a checkpoint, and the verification of a cosigned
// checkpoint against a policy.
#ifndef HENHOUSE_TLOG_POLICY_H_
#define HENHOUSE_TLOG_POLICY_H_

#include <string>
#include <vector>

#include "henhouse/tlog/checkpoint.h"

namespace henhouse::tlog {

class Policy {
 public:
  struct Witness {
    std::string name;  // policy-local name
    VerifierKey key;   // type 0x04
    std::string url;   // optional
  };
  struct Log {
    VerifierKey key;  // type 0x01; its name is the origin
    std::string url;
  };

  // Parse reads a policy file [tlog-policy §Policy file syntax].
  // INVALID_ARGUMENT names the line and the rule it breaks.
  static StatusOr<Policy> Parse(std::string_view text);
  // AllOf builds the default policy: the given logs, and a quorum that
  // needs every one of `witnesses` (or none if the list is empty).
  static StatusOr<Policy> AllOf(std::vector<VerifierKey> logs, std::vector<VerifierKey> witnesses);

  const std::vector<Log>& logs() const { return logs_; }
  const std::vector<Witness>& witnesses() const { return witnesses_; }
  std::vector<VerifierKey> WitnessKeys() const;
  // Satisfied reports whether the witnesses whose indices are marked in
  // `cosigned` (index into witnesses()) meet the quorum.
  bool Satisfied(const std::vector<bool>& cosigned) const;

 private:
  struct Group {
    std::string name;
    size_t k;
    std::vector<size_t> members;  // node ids: witness index, or kGroupBit | group index
  };
  bool NodeSatisfied(size_t node, const std::vector<bool>& cosigned) const;
  Status AddGroup(const std::vector<std::string_view>& f);
  std::vector<Log> logs_;
  std::vector<Witness> witnesses_;
  std::vector<Group> groups_;
  static constexpr size_t kGroupBit = size_t{1} << 62;
  static constexpr size_t kNone = static_cast<size_t>(-1);  // quorum none
  size_t quorum_ = kNone;
  bool has_quorum_ = false;
};

// VerifyCosignedCheckpoint opens a checkpoint note signed by one of the
// policy's logs, verifies the cosignatures of the policy's witnesses, and
// checks the quorum. VERIFICATION_FAILED names what is missing or invalid.
StatusOr<SignedCheckpoint> VerifyCosignedCheckpoint(std::string_view note_text,
                                                    const Policy& policy);

}  // namespace henhouse::tlog

#endif  // HENHOUSE_TLOG_POLICY_H_
