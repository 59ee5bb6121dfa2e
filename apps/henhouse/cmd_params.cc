// `henhouse params`: print an election's cryptographic parameters and the
// parameter base hash H_P [ElectionGuard 2.1 §3.1.2].
#include <cstdint>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "command.h"
#include "henhouse/base/bytes.h"
#include "henhouse/crypto/parameters.h"

namespace henhouse::app {
namespace {

struct ParamsOptions {
  std::string group;
  uint64_t guardians = 0;
  uint64_t quorum = 0;
  bool json = false;
};

int RunParams(const ParamsOptions& opts) {
  if (opts.group != "integer4096" && opts.group != "p256") {
    return ReportError(InvalidArgumentError("unknown group \"" + opts.group +
                                            "\"; expected integer4096 or p256"),
                       /*usage=*/true);
  }
  auto summary = crypto::DescribeParameters(opts.group, opts.guardians, opts.quorum);
  if (!summary.ok()) {
    return ReportError(summary.status(),
                       /*usage=*/summary.status().code() == StatusCode::kInvalidArgument);
  }
  if (opts.json) {
    nlohmann::ordered_json j;
    j["group"] = summary->group;
    j["n"] = summary->guardians;
    j["k"] = summary->quorum;
    if (summary->group == "p256") j["curve"] = "P-256";
    for (const auto& [name, bytes] : summary->fields) j[name] = HexEncodeUpper(bytes);
    j["h_p"] = HexEncodeUpper(summary->h_p);
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << summary->description;
    std::cout << "n = " << summary->guardians << " guardians, quorum k = " << summary->quorum
              << "\n";
    std::cout << "H_P = " << HexEncodeUpper(summary->h_p) << "\n";
  }
  return kExitOk;
}

void AddParamsCommands(CLI::App& app, Action* action) {
  auto opts = std::make_shared<ParamsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "params", "Print the group parameters and the parameter base hash H_P");
  cmd->add_option("--group", opts->group, "integer4096 or p256")->required();
  cmd->add_option("--guardians", opts->guardians, "number of guardians n (1 <= n < 2^31)")
      ->required();
  cmd->add_option("--quorum", opts->quorum, "quorum k (1 <= k <= n)")->required();
  cmd->add_flag("--json", opts->json, "print JSON (keys group, n, k, p/q/g or curve fields, h_p)");
  cmd->callback([opts, action] { *action = [opts] { return RunParams(*opts); }; });
}

const bool kRegistered = RegisterCommand(&AddParamsCommands);

}  // namespace
}  // namespace henhouse::app
