// Load generator for the log: concurrent POST /add over loopback, with the
// time from acknowledgement to a cosigned checkpoint that includes the entry.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "henhouse/board/http.h"
#include "henhouse/tlog/checkpoint.h"

namespace henhouse::board {
namespace {

using SteadyClock = std::chrono::steady_clock;

double Since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

struct Observation {
  uint64_t size;
  double at;
};

StatusOr<uint64_t> CheckpointSize(httplib::Client& c) {
  auto res = c.Get("/checkpoint");
  if (!res || res->status != 200) return UnavailableError("no checkpoint");
  auto note = tlog::ParseNote(res->body);
  if (!note.ok()) return note.status();
  HENHOUSE_ASSIGN_OR_RETURN(auto cp, tlog::Checkpoint::Parse(note->text));
  return cp.size;
}

}  // namespace

StatusOr<BenchResult> RunAppendBench(const std::string& url, size_t clients, uint64_t count,
                                     size_t entry_size, double max_seconds) {
  if (url.rfind("http://127.0.0.1:", 0) != 0) {
    return InvalidArgumentError("the bench only targets http://127.0.0.1:PORT");
  }
  if (clients == 0 || clients > 1024 || entry_size == 0 || entry_size > 65535) {
    return InvalidArgumentError("bench: clients in 1..1024, entry size in 1..65535");
  }
  std::atomic<uint64_t> next{0}, failures{0};
  std::mutex error_mu;
  std::string first_error;
  std::vector<std::vector<Observation>> acks(clients);  // (index, ack time)
  auto start = SteadyClock::now();
  std::vector<Observation> seen;  // checkpoint sizes as they appear
  std::atomic<bool> appending{true};
  std::atomic<uint64_t> max_acked{0};
  std::thread poller([&] {
    httplib::Client c(url);
    c.set_keep_alive(true);
    c.set_tcp_nodelay(true);
    uint64_t last = 0;
    double deadline = 0;
    while (true) {
      auto size = CheckpointSize(c);
      if (size.ok() && *size > last) {
        last = *size;
        seen.push_back({last, Since(start)});
      }
      if (!appending && deadline == 0) deadline = Since(start) + 10;
      if (!appending && (last >= max_acked.load() || Since(start) > deadline)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  std::vector<std::thread> workers;
  for (size_t t = 0; t < clients; ++t) {
    workers.emplace_back([&, t] {
      httplib::Client c(url);
      c.set_keep_alive(true);
    c.set_tcp_nodelay(true);
      c.set_tcp_nodelay(true);
      c.set_read_timeout(30);
      std::string body(entry_size, 'x');
      // Open the kept-alive connection first, with retries: the server's
      // listen backlog is short, and a refused connect is not a failed append.
      for (int attempt = 0; attempt < 100; ++attempt) {
        auto res = c.Get("/checkpoint");
        if (res) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      while (true) {
        uint64_t i = next++;
        if (i >= count || Since(start) > max_seconds) break;
        std::string tag = std::to_string(i) + ":" + std::to_string(t) + ":";
        std::copy(tag.begin(), tag.end(), body.begin());
        auto res = c.Post("/add", body, "application/octet-stream");
        if (!res || res->status != 200) {
          if (failures++ == 0) {
            std::lock_guard<std::mutex> lock(error_mu);
            first_error = res ? "status " + std::to_string(res->status) + ": " + res->body
                              : "transport: " + httplib::to_string(res.error());
          }
          continue;
        }
        uint64_t idx = std::stoull(res->body);
        acks[t].push_back({idx, Since(start)});
        uint64_t want = idx + 1, cur = max_acked.load();
        while (want > cur && !max_acked.compare_exchange_weak(cur, want)) {}
      }
    });
  }
  for (auto& w : workers) w.join();
  double append_seconds = Since(start);
  appending = false;
  poller.join();
  BenchResult r;
  std::vector<double> lat;
  for (const auto& v : acks) {
    for (const Observation& a : v) {
      ++r.appended;
      auto it = std::find_if(seen.begin(), seen.end(), [&](const Observation& o) { return o.size > a.size; });
      if (it == seen.end()) {
        ++r.unmeasured;
      } else {
        lat.push_back(std::max(0.0, it->at - a.at) * 1000);
      }
    }
  }
  if (failures > 0) {
    return UnavailableError("bench: " + std::to_string(failures.load()) + " appends failed; first: " + first_error);
  }
  r.seconds = append_seconds;
  r.appends_per_second = r.appended / append_seconds;
  std::sort(lat.begin(), lat.end());
  if (!lat.empty()) {
    r.p50_inclusion_ms = lat[lat.size() / 2];
    r.p99_inclusion_ms = lat[std::min(lat.size() - 1, lat.size() * 99 / 100)];
  }
  return r;
}

}  // namespace henhouse::board
