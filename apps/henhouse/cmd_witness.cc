// henhouse witness init|serve: a member's witness for the bulletin board.
#include <iostream>

#include "command.h"
#include "henhouse/board/http.h"
#include "henhouse/board/keys.h"

namespace henhouse::app {
namespace {

struct WitnessArgs {
  std::string dir, name, listen = "127.0.0.1:0";
  std::vector<std::string> logs;
};

int RunInit(const WitnessArgs& a) {
  auto rng = NewSystemRng();
  auto vkey = board::CreateKey(a.dir, "witness", a.name, tlog::kSigTypeCosignature, *rng);
  if (!vkey.ok()) return ReportError(vkey.status());
  std::cout << vkey->ToString() << "\n";
  return kExitOk;
}

int RunServe(const WitnessArgs& a) {
  std::vector<tlog::VerifierKey> logs;
  for (const std::string& l : a.logs) {
    size_t eq = l.find('=');
    if (eq == std::string::npos) return ReportError(InvalidArgumentError("--log wants ORIGIN=VKEY"), true);
    auto key = tlog::VerifierKey::Parse(l.substr(eq + 1));
    if (!key.ok()) return ReportError(key.status(), true);
    if (key->name() != l.substr(0, eq)) {
      return ReportError(InvalidArgumentError("--log " + l.substr(0, eq) + ": the vkey's name must be the origin"), true);
    }
    logs.push_back(*key);
  }
  auto witness = board::Witness::Open(a.dir, logs, SystemClock());
  if (!witness.ok()) return ReportError(witness.status());
  Status s = board::ServeWitness(**witness, a.listen, [](const std::string& addr) {
    std::cout << "listening on " << addr << std::endl;
  });
  return s.ok() ? kExitOk : ReportError(s);
}

void AddWitnessCommands(CLI::App& app, Action* action) {
  auto* w = app.add_subcommand("witness", "a witness that cosigns consistent checkpoints");
  w->require_subcommand(1);
  auto args = std::make_shared<WitnessArgs>();
  auto* init = w->add_subcommand("init", "create a witness key in --dir; prints its vkey");
  init->add_option("--dir", args->dir, "witness directory")->required();
  init->add_option("--name", args->name, "witness name (a schema-less URL)")->required();
  init->callback([action, args] { *action = [args] { return RunInit(*args); }; });
  auto* serve = w->add_subcommand("serve", "serve add-checkpoint (C2SP tlog-witness)");
  serve->add_option("--dir", args->dir, "witness directory")->required();
  serve->add_option("--listen", args->listen, "host:port (port 0: any free port)");
  serve->add_option("--log", args->logs, "ORIGIN=VKEY of a log to witness")->required();
  serve->callback([action, args] { *action = [args] { return RunServe(*args); }; });
}

const bool kRegistered = RegisterCommand(&AddWitnessCommands);

}  // namespace
}  // namespace henhouse::app
