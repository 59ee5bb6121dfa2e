// henhouse log init|serve|verify|check-receipt|bench: the bulletin board.
#include <iostream>

#include "command.h"
#include "henhouse/base/file.h"
#include "henhouse/board/http.h"
#include "henhouse/board/verify.h"

namespace henhouse::app {
namespace {

struct LogArgs {
  std::string dir, origin, listen = "127.0.0.1:0", url, policy_file, since_file, log_vkey;
  std::string receipt_file, entry_file;
  std::vector<std::string> witnesses, witness_vkeys;
  int interval_ms = 100;
  size_t clients = 64, entry_size = 1024, pipeline = 1;
  uint64_t count = 10000;
  double seconds = 30;
};

StatusOr<tlog::Policy> LoadPolicy(const LogArgs& a) {
  if (!a.policy_file.empty()) {
    HENHOUSE_ASSIGN_OR_RETURN(std::string text, ReadTextFile(a.policy_file, 1 << 20));
    return tlog::Policy::Parse(text);
  }
  HENHOUSE_ASSIGN_OR_RETURN(auto log_key, tlog::VerifierKey::Parse(a.log_vkey));
  std::vector<tlog::VerifierKey> wkeys;
  for (const std::string& v : a.witness_vkeys) {
    HENHOUSE_ASSIGN_OR_RETURN(auto k, tlog::VerifierKey::Parse(v));
    wkeys.push_back(k);
  }
  return tlog::Policy::AllOf({log_key}, wkeys);
}

int RunInit(const LogArgs& a) {
  auto rng = NewSystemRng();
  auto vkey = board::Log::Init(a.dir, a.origin, *rng);
  if (!vkey.ok()) return ReportError(vkey.status());
  std::cout << vkey->ToString() << "\n";
  return kExitOk;
}

int RunServe(const LogArgs& a) {
  board::LogOptions opts;
  opts.dir = a.dir;
  opts.integrate_interval_ms = a.interval_ms;
  for (const std::string& w : a.witnesses) {
    size_t eq = w.find('=');
    if (eq == std::string::npos) return ReportError(InvalidArgumentError("--witness wants URL=VKEY"), true);
    auto key = tlog::VerifierKey::Parse(w.substr(eq + 1));
    if (!key.ok()) return ReportError(key.status(), true);
    auto client = board::NewHttpWitnessClient(w.substr(0, eq));
    if (!client.ok()) return ReportError(client.status(), true);
    opts.witnesses.push_back({*key, std::move(*client)});
  }
  if (!a.policy_file.empty()) {
    auto text = ReadTextFile(a.policy_file, 1 << 20);
    if (!text.ok()) return ReportError(text.status());
    auto policy = tlog::Policy::Parse(*text);
    if (!policy.ok()) return ReportError(policy.status());
    opts.policy = *policy;
  }
  auto log = board::Log::Open(std::move(opts), SystemClock());
  if (!log.ok()) return ReportError(log.status());
  Status s = board::ServeLog(**log, a.listen, [](const std::string& addr) {
    std::cout << "listening on " << addr << std::endl;
  });
  return s.ok() ? kExitOk : ReportError(s);
}

int RunVerify(const LogArgs& a) {
  auto policy = LoadPolicy(a);
  if (!policy.ok()) return ReportError(policy.status(), true);
  board::Fetcher fetch;
  if (!a.url.empty()) {
    auto f = board::NewHttpFetcher(a.url);
    if (!f.ok()) return ReportError(f.status(), true);
    fetch = *f;
  } else if (!a.dir.empty()) {
    fetch = board::NewDirFetcher(a.dir);
  } else {
    return ReportError(InvalidArgumentError("give --url or --dir"), true);
  }
  std::optional<std::string> since;
  if (!a.since_file.empty()) {
    auto text = ReadTextFile(a.since_file, 1 << 20);
    if (!text.ok()) return ReportError(text.status());
    since = *text;
  }
  auto cp = board::VerifyLog(fetch, *policy, since);
  if (!cp.ok()) return ReportError(cp.status());
  std::cout << "verified " << cp->origin << " size " << cp->size << " root "
            << Base64Encode(cp->root) << "\n";
  return kExitOk;
}

int RunCheckReceipt(const LogArgs& a) {
  auto policy = LoadPolicy(a);
  if (!policy.ok()) return ReportError(policy.status(), true);
  auto receipt = ReadTextFile(a.receipt_file, 1 << 20);
  if (!receipt.ok()) return ReportError(receipt.status());
  auto entry = ReadFile(a.entry_file, size_t{1} << 26);
  if (!entry.ok()) return ReportError(entry.status());
  auto cp = board::CheckReceipt(*receipt, *entry, *policy);
  if (!cp.ok()) return ReportError(cp.status());
  std::cout << "receipt verified: entry in " << cp->origin << " size " << cp->size << "\n";
  return kExitOk;
}

int RunBench(const LogArgs& a) {
  auto r = board::RunAppendBench(a.url, a.clients, a.count, a.entry_size, a.seconds, a.pipeline);
  if (!r.ok()) return ReportError(r.status());
  std::cout << "appended " << r->appended << " entries of " << a.entry_size << " bytes in "
            << r->seconds << " s: " << static_cast<uint64_t>(r->appends_per_second)
            << " durable appends/s; ack to cosigned checkpoint p50 " << r->p50_inclusion_ms
            << " ms, p99 " << r->p99_inclusion_ms << " ms; unmeasured " << r->unmeasured << "\n";
  return kExitOk;
}

void AddPolicyOptions(CLI::App* c, LogArgs* a) {
  c->add_option("--log-vkey", a->log_vkey, "the log's verifier key");
  c->add_option("--witness-vkey", a->witness_vkeys, "a witness verifier key (default policy: all)");
  c->add_option("--policy", a->policy_file, "a tlog-policy file instead of the keys");
}

void AddLogCommands(CLI::App& app, Action* action) {
  auto* log = app.add_subcommand("log", "the cosigned bulletin board");
  log->require_subcommand(1);
  auto a = std::make_shared<LogArgs>();
  auto* init = log->add_subcommand("init", "create a log in --dir; prints its vkey");
  init->add_option("--dir", a->dir, "log directory")->required();
  init->add_option("--origin", a->origin, "checkpoint origin (schema-less URL)")->required();
  init->callback([action, a] { *action = [a] { return RunInit(*a); }; });
  auto* serve = log->add_subcommand("serve", "accept entries, publish cosigned checkpoints");
  serve->add_option("--dir", a->dir, "log directory")->required();
  serve->add_option("--listen", a->listen, "host:port (port 0: any free port)");
  serve->add_option("--witness", a->witnesses, "URL=VKEY of a witness");
  serve->add_option("--policy", a->policy_file, "tlog-policy file (default: all witnesses)");
  serve->add_option("--interval-ms", a->interval_ms, "integration interval");
  serve->callback([action, a] { *action = [a] { return RunServe(*a); }; });
  auto* verify = log->add_subcommand("verify", "verify a log's checkpoint, tiles and history");
  verify->add_option("--url", a->url, "log URL prefix");
  verify->add_option("--dir", a->dir, "log directory (reads its public/)");
  verify->add_option("--since", a->since_file, "an earlier checkpoint file");
  AddPolicyOptions(verify, a.get());
  verify->callback([action, a] { *action = [a] { return RunVerify(*a); }; });
  auto* check = log->add_subcommand("check-receipt", "verify a tlog-proof receipt offline");
  check->add_option("receipt", a->receipt_file, "receipt file")->required();
  check->add_option("--entry", a->entry_file, "the entry the receipt is for")->required();
  AddPolicyOptions(check, a.get());
  check->callback([action, a] { *action = [a] { return RunCheckReceipt(*a); }; });
  auto* bench = log->add_subcommand("bench", "append load over loopback; durable appends/s");
  bench->add_option("--url", a->url, "http://127.0.0.1:PORT")->required();
  bench->add_option("--clients", a->clients, "concurrent connections");
  bench->add_option("--count", a->count, "entries to append");
  bench->add_option("--entry-size", a->entry_size, "bytes per entry");
  bench->add_option("--pipeline", a->pipeline, "requests in flight per connection (1..64)");
  bench->add_option("--seconds", a->seconds, "time limit");
  bench->callback([action, a] { *action = [a] { return RunBench(*a); }; });
}

const bool kRegistered = RegisterCommand(&AddLogCommands);

}  // namespace
}  // namespace henhouse::app
