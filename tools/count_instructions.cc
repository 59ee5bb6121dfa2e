// count_instructions: how many instructions calls of one function execute,
// counted by single-stepping the process under ptrace (this guest has no
// hardware counters, and valgrind hides BMI2/ADX, so it would count other
// code paths than the ones timed). tools/instruction_ratio.sh builds and
// runs it; docs/performance.md cites its figures.
//
//   count_instructions OFFSET SKIP CALLS HISTOGRAM -- PROGRAM ARGS...
//
// OFFSET: the function's address in PROGRAM's file (hex, as `nm` prints it;
// for a function of a shared library, its PLT stub in PROGRAM). The first
// SKIP calls run at full speed; the next CALLS calls are stepped from their
// first instruction until they return (the stack pointer rises above its
// value at entry), and each one's count is printed. HISTOGRAM receives
// "offset count" lines for the instructions executed inside PROGRAM's own
// code (offsets as `nm` prints them) and one "outside count" line for the
// rest (shared libraries, the kernel's vDSO). Only the calling thread is
// counted: work a call hands to other threads is not. Stepping costs about
// 0.2 ms per instruction on the development machine.
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "count_instructions: %s\n", what.c_str());
  std::exit(2);
}

// ProgramRange returns the start and end of the mappings of `path` in
// process pid (its first mapping is at file offset 0, so the start is the
// load base that `nm` offsets are relative to).
void ProgramRange(pid_t pid, const std::string& path, unsigned long* start, unsigned long* end) {
  char real[4096];
  if (realpath(path.c_str(), real) == nullptr) Fail("cannot resolve " + path);
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::string line;
  *start = 0;
  *end = 0;
  while (std::getline(maps, line)) {
    if (line.find(real) == std::string::npos) continue;
    unsigned long lo = 0, hi = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx", &lo, &hi) != 2) continue;
    if (*start == 0) *start = lo;
    *end = hi;
  }
  if (*start == 0) Fail("no mapping of " + std::string(real) + " in the traced process");
}

// Number parses all of `text` in `base` as a non-negative integer, or fails
// naming the argument and what was expected.
unsigned long Number(const char* text, int base, const char* what) {
  errno = 0;
  char* end = nullptr;
  const unsigned long v = std::strtoul(text, &end, base);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-') {
    Fail(std::string(what) + ": expected " + (base == 16 ? "a hexadecimal offset" : "a count") +
         ", got \"" + text + "\"");
  }
  return v;
}

bool Wait(pid_t pid, int* status) {
  if (waitpid(pid, status, 0) < 0) Fail(std::string("waitpid: ") + std::strerror(errno));
  return !(WIFEXITED(*status) || WIFSIGNALED(*status));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 7 || std::string(argv[5]) != "--") {
    std::fprintf(stderr,
                 "usage: count_instructions OFFSET SKIP CALLS HISTOGRAM -- PROGRAM ARGS...\n");
    return 2;
  }
  const unsigned long offset = Number(argv[1], 16, "OFFSET");
  const long skip = static_cast<long>(Number(argv[2], 10, "SKIP"));
  const long calls = static_cast<long>(Number(argv[3], 10, "CALLS"));
  if (calls < 1) Fail("CALLS: expected at least 1 call to measure");
  const std::string histogram_path = argv[4];
  {  // fail before the long run, not after it
    std::ofstream probe(histogram_path);
    if (!probe) Fail("cannot write the histogram to " + histogram_path);
  }
  char** program = argv + 6;

  const pid_t pid = fork();
  if (pid < 0) Fail("fork failed");
  if (pid == 0) {
    ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
    execv(program[0], program);
    std::fprintf(stderr, "count_instructions: cannot run %s\n", program[0]);
    _exit(127);
  }
  int status = 0;
  if (!Wait(pid, &status)) Fail(std::string("cannot start ") + program[0]);  // stopped at exec
  ptrace(PTRACE_SETOPTIONS, pid, nullptr, PTRACE_O_EXITKILL);
  unsigned long start = 0, end = 0;
  ProgramRange(pid, program[0], &start, &end);
  const unsigned long address = start + offset;
  errno = 0;
  const long original = ptrace(PTRACE_PEEKTEXT, pid, address, nullptr);
  if (errno != 0) Fail("cannot read the traced program at the given offset");
  const auto arm = [&] { ptrace(PTRACE_POKETEXT, pid, address, (original & ~0xFFL) | 0xCC); };
  const auto disarm = [&] { ptrace(PTRACE_POKETEXT, pid, address, original); };
  arm();

  std::map<unsigned long, long> inside;
  long outside = 0, hits = 0;
  std::vector<long> counts;
  int pass_signal = 0;
  while (static_cast<long>(counts.size()) < calls) {
    ptrace(PTRACE_CONT, pid, nullptr, pass_signal);
    pass_signal = 0;
    if (!Wait(pid, &status)) break;
    if (WSTOPSIG(status) != SIGTRAP) {
      pass_signal = WSTOPSIG(status);
      continue;
    }
    user_regs_struct regs;
    ptrace(PTRACE_GETREGS, pid, nullptr, &regs);
    if (regs.rip != address + 1) continue;
    disarm();
    regs.rip = address;
    ptrace(PTRACE_SETREGS, pid, nullptr, &regs);
    if (++hits <= skip) {  // step over the first instruction, then re-arm
      ptrace(PTRACE_SINGLESTEP, pid, nullptr, nullptr);
      if (!Wait(pid, &status)) break;
      arm();
      continue;
    }
    const unsigned long entry_sp = regs.rsp;
    long n = 0;
    bool alive = true;
    while (regs.rsp <= entry_sp) {
      if (regs.rip >= start && regs.rip < end) {
        ++inside[regs.rip - start];
      } else {
        ++outside;
      }
      ptrace(PTRACE_SINGLESTEP, pid, nullptr, nullptr);
      if (!(alive = Wait(pid, &status))) break;
      ++n;
      ptrace(PTRACE_GETREGS, pid, nullptr, &regs);
    }
    if (!alive) break;
    counts.push_back(n);
    std::printf("call %ld: %ld instructions\n", hits, n);
    std::fflush(stdout);
    arm();
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  if (static_cast<long>(counts.size()) < calls) {
    Fail("the program ended after " + std::to_string(counts.size()) + " of " +
         std::to_string(calls) + " measured calls (" + std::to_string(hits) + " calls seen)");
  }
  std::ofstream out(histogram_path);
  for (const auto& [where, count] : inside)
    out << std::hex << where << std::dec << ' ' << count << '\n';
  out << "outside " << outside << '\n';
  out.close();
  if (!out) Fail("cannot write the histogram to " + histogram_path);
  return 0;
}
