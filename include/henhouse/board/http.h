// HTTP for the board: thin handlers that copy the answers of the
// processX functions of Log and Witness onto the wire, and clients.
#ifndef HENHOUSE_BOARD_HTTP_H_
#define HENHOUSE_BOARD_HTTP_H_

#include <functional>
#include <memory>
#include <string>

#include "henhouse/board/log.h"
#include "henhouse/board/witness.h"

namespace henhouse::board {

// ServeLog serves POST /add, GET|HEAD /checkpoint, /tile/..., /receipt/N on
// `listen` (numeric "host:port"; port 0 picks a free one) until the process
// ends, on one event-loop thread (event_server.h): POST /add waits for its
// group commit without holding a thread. Other methods on those paths get
// 405, other paths 404; bodies above kMaxBlobSize get 413. `on_listening`
// gets the bound "host:port". UNAVAILABLE if it cannot bind.
Status ServeLog(Log& log, const std::string& listen,
                const std::function<void(const std::string&)>& on_listening);
// ServeWitness serves POST /add-checkpoint likewise.
Status ServeWitness(Witness& witness, const std::string& listen,
                    const std::function<void(const std::string&)>& on_listening);

// NewHttpWitnessClient talks to a witness at `url` (its submission prefix,
// "http://host:port[/prefix]").
StatusOr<std::unique_ptr<WitnessClient>> NewHttpWitnessClient(const std::string& url);

// HttpFetcher returns GET url/path; NOT_FOUND on 404, UNAVAILABLE otherwise.
using Fetcher = std::function<StatusOr<Bytes>(const std::string& path)>;
StatusOr<Fetcher> NewHttpFetcher(const std::string& url);
// DirFetcher reads <dir>/public/<path>.
Fetcher NewDirFetcher(const std::string& dir);

// BenchResult of RunAppendBench.
struct BenchResult {
  uint64_t appended = 0;
  double seconds = 0;
  double appends_per_second = 0;
  double p50_inclusion_ms = 0;  // acknowledgement to cosigned checkpoint
  double p99_inclusion_ms = 0;
  uint64_t unmeasured = 0;      // acknowledged but not seen in a checkpoint in time
};
// RunAppendBench appends `count` entries of `entry_size` bytes over
// `clients` kept-alive connections, each with up to `pipeline` requests in
// flight, to the log at `url` (127.0.0.1 only), stopping after
// `max_seconds`, and polls its checkpoint to time inclusion. One thread
// drives every connection. UNAVAILABLE if any append fails.
StatusOr<BenchResult> RunAppendBench(const std::string& url, size_t clients, uint64_t count,
                                     size_t entry_size, double max_seconds, size_t pipeline = 1);

}  // namespace henhouse::board

#endif  // HENHOUSE_BOARD_HTTP_H_
