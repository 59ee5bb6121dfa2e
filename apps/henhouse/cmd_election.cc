// `henhouse election ...`: check a manifest, and re-tally an election record
// (election/manifest.h, election/tally.h).
#include <iostream>
#include <memory>

#include "command.h"
#include "henhouse/base/file.h"
#include "henhouse/election/guardian.h"
#include "henhouse/election/tally.h"

namespace henhouse::app {
namespace {

int RunManifest(const std::string& path) {
  auto text = ReadTextFile(path, 1 << 24);
  if (!text.ok()) return ReportError(text.status());
  auto manifest = election::Manifest::Parse(*text);
  if (!manifest.ok()) return ReportError(manifest.status().WithContext(path));
  auto params = election::ElectionParameters::Create(*manifest);
  if (!params.ok()) return ReportError(params.status());
  std::cout << "manifest \"" << manifest->label() << "\": " << manifest->contests().size()
            << " contests, " << manifest->styles().size() << " ballot styles, group "
            << manifest->group() << ", n = " << manifest->guardians()
            << ", k = " << manifest->quorum() << "\n";
  for (const auto& c : manifest->contests()) {
    std::cout << "  " << c.label << ": " << c.options.size() << " options, selection limit "
              << c.selection_limit << ", option limit " << c.option_limit << "\n";
  }
  std::cout << "H_P = " << HexEncodeUpper(params->h_p) << "\nH_B = " << HexEncodeUpper(params->h_b)
            << "\n";
  return kExitOk;
}

int RunTally(const std::string& record_dir) {
  auto params = election::LoadElectionParameters(record_dir);
  if (!params.ok()) return ReportError(params.status());
  auto rng = NewSystemRng();
  auto tally = election::TallyRecord(*params, record_dir, *rng);
  if (!tally.ok()) return ReportError(tally.status());
  std::cout << tally->ballots << " ballots read: " << tally->cast << " cast, "
            << tally->challenged.size() << " challenged; aggregate of "
            << tally->contests.size() << " contests computed\n";
  return kExitOk;
}

void AddElectionCommands(CLI::App& app, Action* action) {
  CLI::App* cmd = app.add_subcommand("election", "Election manifests and records");
  cmd->require_subcommand(1);
  auto path = std::make_shared<std::string>();
  CLI::App* m = cmd->add_subcommand("manifest", "Validate a manifest and print H_P and H_B");
  m->add_option("file", *path, "manifest (JSON)")->required();
  m->callback([path, action] { *action = [path] { return RunManifest(*path); }; });
  auto dir = std::make_shared<std::string>();
  CLI::App* t = cmd->add_subcommand(
      "tally", "Read and check every ballot of a record and aggregate the cast ones");
  t->add_option("--record", *dir, "record directory")->required();
  t->callback([dir, action] { *action = [dir] { return RunTally(*dir); }; });
}

const bool kRegistered = RegisterCommand(&AddElectionCommands);

}  // namespace
}  // namespace henhouse::app
