// henhouse verify RECORD [--json] [--stats] [--threads N]: the ElectionGuard
// 2.1 verifier (docs/verifier.md). Exit 0: every check passed; 1: a check
// failed; 2: usage; 3: the record could not be read.
#include <iostream>

#include "command.h"
#include "henhouse/verify/verify.h"

namespace henhouse::app {
namespace {

struct VerifyArgs {
  std::string record;
  bool json = false;
  bool stats = false;
  size_t threads = 0;
  bool allow_toy = false;
};

int RunVerify(const VerifyArgs& args) {
  verify::VerifyOptions options;
  options.threads = args.threads;
  options.allow_toy_groups = args.allow_toy;
  auto report = verify::VerifyRecord(args.record, options);
  if (!report.ok()) {
    std::cerr << "henhouse verify: " << report.status().ToString() << "\n";
    return kExitUnreadable;
  }
  std::cout << (args.json ? report->ToJson(args.stats) : report->ToText(args.stats));
  return report->AllPassed() ? kExitOk : kExitFailed;
}

void AddVerifyCommands(CLI::App& app, Action* action) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand("verify", "verify an election record (ElectionGuard 2.1 §6)");
  cmd->add_option("RECORD", args->record, "record directory")->required();
  cmd->add_flag("--json", args->json, "print the report as JSON");
  cmd->add_flag("--stats", args->stats, "print operation counts and time");
  cmd->add_option("--threads", args->threads, "worker threads (default: all cores)");
  cmd->add_flag("--allow-toy-groups", args->allow_toy,
                "accept the spec's toy groups (tests only)");
  cmd->callback([args, action] { *action = [args] { return RunVerify(*args); }; });
}

const bool kRegistered = RegisterCommand(&AddVerifyCommands);

}  // namespace
}  // namespace henhouse::app
