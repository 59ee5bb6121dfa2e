// How `henhouse` subcommands plug in: each cmd_*.cc file registers a function
// that adds its subcommands to the CLI11 app and, when chosen, stores the
// action to run. Commands only parse arguments, call library functions and
// map Status to an exit code (STYLE.md rule 8).
#ifndef HENHOUSE_APPS_COMMAND_H_
#define HENHOUSE_APPS_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

#include "henhouse/base/status.h"

namespace henhouse::app {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;       // the operation ran and failed (e.g. verification)
inline constexpr int kExitUsage = 2;        // bad arguments
inline constexpr int kExitUnreadable = 3;   // input could not be read or parsed

using Action = std::function<int()>;
using Registrar = void (*)(CLI::App& app, Action* action);

// RegisterCommand adds a registrar; use it from a namespace-scope initializer:
//   const bool kRegistered = RegisterCommand(&AddLogCommands);
bool RegisterCommand(Registrar registrar);
const std::vector<Registrar>& Registrars();

// ExitCodeFor maps a failed Status to an exit code and prints it to stderr
// prefixed with "henhouse: ". INVALID_ARGUMENT -> 2 only when `usage` is set.
int ReportError(const Status& status, bool usage = false);

}  // namespace henhouse::app

#endif  // HENHOUSE_APPS_COMMAND_H_
