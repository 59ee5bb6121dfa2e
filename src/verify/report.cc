// Text and JSON forms of a VerificationReport (docs/verifier.md, "Output").
#include <cstdio>
#include <nlohmann/json.hpp>

#include "henhouse/verify/verify.h"

namespace henhouse::verify {
namespace {

const char* OutcomeName(CheckOutcome o) {
  switch (o) {
    case CheckOutcome::kPass:
      return "PASS";
    case CheckOutcome::kFail:
      return "FAIL";
    case CheckOutcome::kNotApplicable:
      return "N/A";
  }
  return "?";
}

}  // namespace

bool VerificationReport::AllPassed() const {
  for (const CheckResult& c : checks) {
    if (c.outcome == CheckOutcome::kFail) return false;
  }
  return true;
}

const CheckResult* VerificationReport::Find(const std::string& id) const {
  for (const CheckResult& c : checks) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

std::string VerificationReport::ToText(bool with_stats) const {
  std::string out;
  for (const CheckResult& c : checks) {
    out += c.id + " " + OutcomeName(c.outcome) + " " + c.name;
    if (c.outcome == CheckOutcome::kNotApplicable) {
      out += ": " + c.note;
    } else {
      out += " (" + std::to_string(c.items) + " items";
      if (c.failures > 0) out += ", " + std::to_string(c.failures) + " failed";
      out += ")";
    }
    out += "\n";
  }
  for (const CheckResult& c : checks) {
    for (const std::string& m : c.messages) out += c.id + " FAIL " + m + "\n";
    if (c.failures > c.messages.size()) {
      out += c.id + " FAIL ... and " + std::to_string(c.failures - c.messages.size()) +
             " more\n";
    }
  }
  out += AllPassed() ? "RESULT PASS\n" : "RESULT FAIL\n";
  if (with_stats) {
    char buf[512];
    std::snprintf(buf, sizeof(buf),
                  "STATS entries %llu ballots %llu threads %zu seconds %.3f\n"
                  "STATS fixed_base_pows %llu variable_pows %llu multi_pows %llu "
                  "(terms %llu) membership_checks %llu hashes %llu\n",
                  static_cast<unsigned long long>(stats.entries),
                  static_cast<unsigned long long>(stats.ballots), stats.threads,
                  stats.seconds, static_cast<unsigned long long>(stats.fixed_base_pows),
                  static_cast<unsigned long long>(stats.variable_pows),
                  static_cast<unsigned long long>(stats.multi_pows),
                  static_cast<unsigned long long>(stats.multi_pow_terms),
                  static_cast<unsigned long long>(stats.membership_checks),
                  static_cast<unsigned long long>(stats.hashes));
    out += buf;
    out += "STATS phase_seconds";
    for (const auto& [name, seconds] : stats.phase_seconds) {
      std::snprintf(buf, sizeof(buf), " %s %.3f", name.c_str(), seconds);
      out += buf;
    }
    out += "\n";
  }
  return out;
}

std::string VerificationReport::ToJson(bool with_stats) const {
  nlohmann::json j;
  j["record"] = record_dir;
  j["group"] = group;
  j["result"] = AllPassed() ? "PASS" : "FAIL";
  nlohmann::json arr = nlohmann::json::array();
  for (const CheckResult& c : checks) {
    nlohmann::json o;
    o["id"] = c.id;
    o["name"] = c.name;
    o["outcome"] = OutcomeName(c.outcome);
    o["items"] = c.items;
    o["failures"] = c.failures;
    o["messages"] = c.messages;
    if (!c.note.empty()) o["note"] = c.note;
    arr.push_back(std::move(o));
  }
  j["checks"] = std::move(arr);
  if (with_stats) {
    j["stats"] = {{"entries", stats.entries},
                  {"ballots", stats.ballots},
                  {"threads", stats.threads},
                  {"seconds", stats.seconds},
                  {"fixed_base_pows", stats.fixed_base_pows},
                  {"variable_pows", stats.variable_pows},
                  {"multi_pows", stats.multi_pows},
                  {"multi_pow_terms", stats.multi_pow_terms},
                  {"membership_checks", stats.membership_checks},
                  {"hashes", stats.hashes}};
    nlohmann::json phases = nlohmann::json::object();
    for (const auto& [name, seconds] : stats.phase_seconds) phases[name] = seconds;
    j["stats"]["phase_seconds"] = std::move(phases);
  }
  return j.dump(2) + "\n";
}

}  // namespace henhouse::verify
