// EventServer: a small HTTP/1.1 server on one epoll thread.
//
// Connections are kept alive and may pipeline; responses leave in request
// order. A handler answers through a Responder, at once or later from any
// thread (e.g. after a group commit): the answer is handed back to the
// event loop through an eventfd, so no request holds a thread while it
// waits. Per connection, memory is bounded by the parser's limits plus
// max_pipeline queued answers and max_output unsent bytes; reading stops
// while either is full. Malformed requests get 400 (431 head too large, 413
// body too large, 501 Transfer-Encoding, 505 other HTTP versions) and the
// connection is closed after the answer; a request that takes longer than
// request_timeout_ms to arrive gets 408 and is closed; idle kept-alive
// connections close after idle_timeout_ms.
#ifndef HENHOUSE_BOARD_EVENT_SERVER_H_
#define HENHOUSE_BOARD_EVENT_SERVER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "henhouse/base/status.h"
#include "henhouse/board/http_wire.h"

namespace henhouse::board::http {

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<Header> headers;
};

struct ServerOptions {
  Limits limits;
  size_t max_connections = 10000;
  size_t max_pipeline = 32;          // requests answered or waiting, per connection
  size_t max_output = 1 << 20;       // unsent response bytes, per connection
  int request_timeout_ms = 10000;    // from a request's first byte to its last
  int idle_timeout_ms = 60000;       // kept-alive connection with nothing to do
};

class Completions;

// Responder answers one request. Send may be called once, from any thread;
// a Responder destroyed without Send answers 500 (never a hung client).
class Responder {
 public:
  Responder(std::shared_ptr<Completions> sink, uint64_t conn, uint64_t seq)
      : sink_(std::move(sink)), conn_(conn), seq_(seq) {}
  Responder(Responder&&) = default;
  Responder& operator=(Responder&&) = delete;
  Responder(const Responder&) = delete;
  ~Responder();
  void Send(Response r);

 private:
  std::shared_ptr<Completions> sink_;
  uint64_t conn_, seq_;
};

// Handler gets each complete request (method, target, body) on the loop
// thread; it must not block.
using Handler = std::function<void(Message& request, Responder responder)>;

class EventServer {
 public:
  // Bind listens on host:port (a numeric address; port 0 picks a free one).
  // UNAVAILABLE if it cannot.
  static StatusOr<std::unique_ptr<EventServer>> Bind(const std::string& host, int port,
                                                     ServerOptions options, Handler handler);
  ~EventServer();
  int port() const { return port_; }
  // Run serves until Stop; call it from one thread.
  Status Run();
  // Stop makes Run return; any thread.
  void Stop();

 private:
  struct Conn;
  EventServer(int listen_fd, int epoll_fd, int port, ServerOptions options, Handler handler);
  void Accept();
  void OnEvent(uint64_t id, uint32_t events);
  void ReadFrom(Conn& c);
  void ParseRequests(Conn& c);
  void Dispatch(Conn& c, Message request);
  void Flush(Conn& c);
  void Update(Conn& c);
  void Close(Conn& c);
  void AddSlot(Conn& c, int status, const std::string& reason);
  void DrainCompletions();
  void Sweep();

  int listen_fd_, epoll_fd_, port_;
  ServerOptions options_;
  Handler handler_;
  std::shared_ptr<Completions> completions_;
  std::unordered_map<uint64_t, std::unique_ptr<Conn>> conns_;  // by connection id
  std::vector<uint64_t> dead_;  // closed this round; freed after it
  uint64_t next_id_ = 2;        // 0: the listener, 1: the wake-up eventfd
  uint64_t last_sweep_ms_ = 0;
  std::vector<char> scratch_ = std::vector<char>(64 * 1024);  // read buffer
  bool accept_paused_ = false;
  std::atomic<bool> stop_{false};
};

}  // namespace henhouse::board::http

#endif  // HENHOUSE_BOARD_EVENT_SERVER_H_
