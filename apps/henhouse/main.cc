// henhouse: the command-line front end. Subcommands live in cmd_*.cc.
#include <iostream>

#include "command.h"

namespace henhouse::app {

namespace {
std::vector<Registrar>& MutableRegistrars() {
  static std::vector<Registrar> registrars;
  return registrars;
}
}  // namespace

bool RegisterCommand(Registrar registrar) {
  MutableRegistrars().push_back(registrar);
  return true;
}

const std::vector<Registrar>& Registrars() { return MutableRegistrars(); }

int ReportError(const Status& status, bool usage) {
  std::cerr << "henhouse: " << status.message() << "\n";
  if (usage) return kExitUsage;
  switch (status.code()) {
    case StatusCode::kNotFound:
    case StatusCode::kDataLoss:
    case StatusCode::kPermissionDenied:
    case StatusCode::kInvalidArgument:
      return kExitUnreadable;
    default:
      return kExitFailed;
  }
}

}  // namespace henhouse::app

int main(int argc, char** argv) {
  using namespace henhouse::app;
  CLI::App app{"henhouse: joint elections, a cosigned bulletin board and an evidence ledger "
               "for members who do not trust each other"};
  app.require_subcommand(1);
  Action action;
  for (Registrar r : Registrars()) r(app, &action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  if (!action) {
    std::cerr << "henhouse: no command chosen\n" << app.help();
    return kExitUsage;
  }
  return action();
}
