// `henhouse demo`: run a whole election on one machine (election/demo.h) and
// exit 0 only if its record verifies.
#include <iostream>
#include <memory>

#include "command.h"
#include "henhouse/election/demo.h"
#include "henhouse/verify/verify.h"

namespace henhouse::app {
namespace {

// VerifyWithVerifier runs the independent verifier on the finished record.
StatusOr<bool> VerifyWithVerifier(const std::string& record_dir, std::ostream& out) {
  HENHOUSE_ASSIGN_OR_RETURN(verify::VerificationReport report,
                            verify::VerifyRecord(record_dir, verify::VerifyOptions{}));
  out << "\nVerifier (henhouse verify)\n" << report.ToText(false);
  return report.AllPassed();
}

int RunDemoCommand(election::DemoOptions opts) {
  opts.verifier = &VerifyWithVerifier;
  auto summary = election::RunDemo(opts, std::cout);
  if (!summary.ok()) return ReportError(summary.status());
  return summary->verified ? kExitOk : kExitFailed;
}

void AddDemoCommands(CLI::App& app, Action* action) {
  auto opts = std::make_shared<election::DemoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Run a whole election (ceremony, ballots, tally, decryption, verification)");
  cmd->add_option("--dir", opts->dir, "output directory (DIR/record, DIR/guardians)")->required();
  cmd->add_option("--manifest", opts->manifest_path, "election manifest (JSON)")
      ->capture_default_str();
  cmd->add_option("--group", opts->group, "integer4096 or p256")
      ->check(CLI::IsMember({"integer4096", "p256"}))
      ->capture_default_str();
  cmd->add_option("--guardians", opts->guardians, "number of guardians n")
      ->check(CLI::Range(1, 255))
      ->capture_default_str();
  cmd->add_option("--quorum", opts->quorum, "quorum k")->check(CLI::Range(1, 255))
      ->capture_default_str();
  cmd->add_option("--ballots", opts->ballots, "number of ballots")->capture_default_str();
  cmd->add_option("--fox", opts->fox,
                  "guardian I cheats in the ceremony and in decryption (0: nobody)")
      ->capture_default_str();
  cmd->add_option("--challenge-percent", opts->challenge_percent,
                  "share of ballots the voters challenge")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  cmd->add_option("--contest-data", opts->contest_data_ballots,
                  "decrypt the contest data (write-ins, overvotes) of the first N cast ballots")
      ->capture_default_str();
  cmd->add_option("--seed", opts->seed, "deterministic randomness (tests only; 0: system RNG)");
  cmd->callback([opts, action] { *action = [opts] { return RunDemoCommand(*opts); }; });
}

const bool kRegistered = RegisterCommand(&AddDemoCommands);

}  // namespace
}  // namespace henhouse::app
