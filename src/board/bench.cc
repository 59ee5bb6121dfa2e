// Load generator for the log: POST /add over many kept-alive loopback
// connections from one epoll thread, and the time from acknowledgement to a
// cosigned checkpoint that includes the entry (GET /checkpoint every 5 ms on
// one more connection of the same loop).
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "henhouse/board/http.h"
#include "henhouse/board/http_wire.h"
#include "henhouse/tlog/checkpoint.h"

namespace henhouse::board {
namespace {

using SteadyClock = std::chrono::steady_clock;

struct Observation {
  uint64_t size;  // an acknowledged index + 1, or a checkpoint size
  double at;      // seconds since the start
};

struct Conn {
  explicit Conn(int f)
      : fd(f), parser(http::MessageParser::Kind::kResponse, http::Limits{16 * 1024, 64, 1 << 20}) {}
  ~Conn() { close(fd); }
  int fd;
  http::MessageParser parser;
  std::string in, out;
  size_t out_off = 0;
  size_t inflight = 0;
  bool writing = false;  // EPOLLOUT registered
  bool dead = false;
};

// Connect opens a loopback connection, retrying while the server's listen
// backlog is full, and makes it non-blocking.
StatusOr<int> Connect(int port) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return UnavailableError("bench: socket: " + std::string(std::strerror(errno)));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0) return fd;
    }
    close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return UnavailableError("bench: cannot connect to 127.0.0.1:" + std::to_string(port));
}

class Bench {
 public:
  Bench(int port, uint64_t count, size_t entry_size, double max_seconds, size_t pipeline)
      : count_(count), max_seconds_(max_seconds), pipeline_(pipeline), body_(entry_size, 'x'),
        host_("Host: 127.0.0.1:" + std::to_string(port) + "\r\n") {}
  ~Bench() {
    if (epoll_ >= 0) close(epoll_);
  }
  Status Start(int port, size_t clients);
  Status Run();
  StatusOr<BenchResult> Result() const;

 private:
  double Since() const { return std::chrono::duration<double>(SteadyClock::now() - start_).count(); }
  void Issue(size_t c);
  void Poll();
  void Send(size_t c);
  void Receive(size_t c);
  void OnResponse(size_t c, const http::Message& m);
  void Fail(size_t c, const std::string& why);

  uint64_t count_;
  double max_seconds_;
  size_t pipeline_;
  std::string body_, host_;
  int epoll_ = -1;
  std::vector<std::unique_ptr<Conn>> conns_;  // the last one polls /checkpoint
  SteadyClock::time_point start_;
  uint64_t issued_ = 0, failures_ = 0, max_acked_ = 0;
  double seconds_ = 0;  // until the last append was answered
  bool appending_ = true;
  double next_poll_ = 0;
  std::string first_error_;
  std::vector<Observation> acks_, seen_;
};

Status Bench::Start(int port, size_t clients) {
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_ < 0) return UnavailableError("bench: epoll_create1 failed");
  for (size_t i = 0; i <= clients; ++i) {
    HENHOUSE_ASSIGN_OR_RETURN(int fd, Connect(port));
    conns_.push_back(std::make_unique<Conn>(fd));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
  }
  return OkStatus();
}

// Issue queues POST /add requests on connection c up to the pipeline depth.
void Bench::Issue(size_t c) {
  Conn& k = *conns_[c];
  while (appending_ && k.inflight < pipeline_) {
    if (issued_ >= count_ || Since() > max_seconds_) {
      appending_ = false;
      break;
    }
    std::string tag = std::to_string(issued_++) + ":" + std::to_string(c) + ":";
    std::copy(tag.begin(), tag.begin() + std::min(tag.size(), body_.size()), body_.begin());
    k.out.append("POST /add HTTP/1.1\r\n").append(host_);
    k.out.append("Content-Type: application/octet-stream\r\nContent-Length: ");
    k.out.append(std::to_string(body_.size())).append("\r\n\r\n").append(body_);
    ++k.inflight;
  }
  Send(c);
}

void Bench::Poll() {
  Conn& k = *conns_.back();
  if (k.dead || k.inflight > 0 || Since() < next_poll_) return;
  next_poll_ = Since() + 0.005;
  k.out.append("GET /checkpoint HTTP/1.1\r\n").append(host_).append("\r\n");
  ++k.inflight;
  Send(conns_.size() - 1);
}

void Bench::Send(size_t c) {
  Conn& k = *conns_[c];
  while (!k.dead && k.out_off < k.out.size()) {
    ssize_t n = send(k.fd, k.out.data() + k.out_off, k.out.size() - k.out_off, MSG_NOSIGNAL);
    if (n > 0) {
      k.out_off += static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      break;
    } else {
      return Fail(c, "send: " + std::string(std::strerror(errno)));
    }
  }
  if (k.out_off == k.out.size()) {
    k.out.clear();
    k.out_off = 0;
  }
  bool want_write = !k.out.empty();
  if (!k.dead && want_write != k.writing) {
    epoll_event ev{};
    ev.events = uint32_t{EPOLLIN} | (want_write ? uint32_t{EPOLLOUT} : 0u);
    ev.data.u64 = c;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, k.fd, &ev);
    k.writing = want_write;
  }
}

void Bench::Receive(size_t c) {
  Conn& k = *conns_[c];
  char buf[65536];
  ssize_t n = read(k.fd, buf, sizeof(buf));
  if (n == 0) return Fail(c, "server closed the connection");
  if (n < 0) {
    if (errno != EAGAIN && errno != EINTR) Fail(c, "read: " + std::string(std::strerror(errno)));
    return;
  }
  k.in.append(buf, static_cast<size_t>(n));
  size_t off = 0;
  while (!k.dead && off < k.in.size()) {
    auto step = k.parser.Next(std::string_view(k.in).substr(off));
    if (step == http::MessageParser::Step::kIncomplete) break;
    if (step == http::MessageParser::Step::kError) return Fail(c, "bad response: " + k.parser.error().reason);
    off += k.parser.consumed();
    OnResponse(c, k.parser.message());
  }
  k.in.erase(0, off);
  if (c + 1 < conns_.size()) Issue(c);
}

void Bench::OnResponse(size_t c, const http::Message& m) {
  Conn& k = *conns_[c];
  if (k.inflight > 0) --k.inflight;
  if (c + 1 == conns_.size()) {  // the checkpoint poller
    auto note = tlog::ParseNote(m.body);
    auto cp = note.ok() ? tlog::Checkpoint::Parse(note->text) : note.status();
    if (m.status == 200 && cp.ok() && (seen_.empty() || cp->size > seen_.back().size)) {
      seen_.push_back({cp->size, Since()});
    }
    return;
  }
  auto idx = m.status == 200 ? tlog::ParseDecimal(m.body.substr(0, m.body.find('\n')), "index")
                             : StatusOr<uint64_t>(UnavailableError("status"));
  if (!idx.ok()) {
    if (failures_++ == 0) first_error_ = "status " + std::to_string(m.status) + ": " + m.body;
    return;
  }
  acks_.push_back({*idx + 1, Since()});
  max_acked_ = std::max(max_acked_, *idx + 1);
}

void Bench::Fail(size_t c, const std::string& why) {
  Conn& k = *conns_[c];
  if (k.dead) return;
  k.dead = true;
  epoll_ctl(epoll_, EPOLL_CTL_DEL, k.fd, nullptr);
  if (c + 1 < conns_.size()) failures_ += k.inflight;
  if (first_error_.empty()) first_error_ = "connection " + std::to_string(c) + ": " + why;
  k.inflight = 0;
}

Status Bench::Run() {
  start_ = SteadyClock::now();
  for (size_t c = 0; c + 1 < conns_.size(); ++c) Issue(c);
  std::vector<epoll_event> events(256);
  double deadline = 0;
  double appended_at = 0;
  while (true) {
    Poll();
    int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 2);
    for (int i = 0; i < n; ++i) {
      size_t c = events[i].data.u64;
      if (events[i].events & EPOLLOUT) Send(c);
      if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) Receive(c);
    }
    bool busy = false;
    for (size_t c = 0; c + 1 < conns_.size(); ++c) busy = busy || conns_[c]->inflight > 0;
    if (!busy && appended_at == 0) {
      appending_ = false;
      appended_at = Since();
      deadline = appended_at + 10;
    }
    if (appended_at > 0) {
      uint64_t last = seen_.empty() ? 0 : seen_.back().size;
      if (last >= max_acked_ || Since() > deadline || conns_.back()->dead) break;
    }
  }
  seconds_ = appended_at;
  return OkStatus();
}

StatusOr<BenchResult> Bench::Result() const {
  if (failures_ > 0) {
    return UnavailableError("bench: " + std::to_string(failures_) + " appends failed; first: " + first_error_);
  }
  if (!first_error_.empty()) return UnavailableError("bench: " + first_error_);
  BenchResult r;
  std::vector<double> lat;
  for (const Observation& a : acks_) {
    ++r.appended;
    // seen_ grows in size and time: the first checkpoint covering the entry.
    auto it = std::lower_bound(seen_.begin(), seen_.end(), a.size,
                               [](const Observation& o, uint64_t size) { return o.size < size; });
    if (it == seen_.end()) {
      ++r.unmeasured;
    } else {
      lat.push_back(std::max(0.0, it->at - a.at) * 1000);
    }
  }
  r.seconds = seconds_;
  r.appends_per_second = seconds_ > 0 ? r.appended / seconds_ : 0;
  std::sort(lat.begin(), lat.end());
  if (!lat.empty()) {
    r.p50_inclusion_ms = lat[lat.size() / 2];
    r.p99_inclusion_ms = lat[std::min(lat.size() - 1, lat.size() * 99 / 100)];
  }
  return r;
}

}  // namespace

StatusOr<BenchResult> RunAppendBench(const std::string& url, size_t clients, uint64_t count,
                                     size_t entry_size, double max_seconds, size_t pipeline) {
  const std::string prefix = "http://127.0.0.1:";
  if (url.rfind(prefix, 0) != 0) return InvalidArgumentError("the bench only targets http://127.0.0.1:PORT");
  auto port = tlog::ParseDecimal(url.substr(prefix.size()), "bench port");
  if (!port.ok() || *port == 0 || *port > 65535) return InvalidArgumentError("bench: bad port in " + url);
  if (clients == 0 || clients > 1024 || entry_size == 0 || entry_size > 65535 || pipeline == 0 ||
      pipeline > 64) {
    return InvalidArgumentError("bench: clients in 1..1024, entry size in 1..65535, pipeline in 1..64");
  }
  Bench bench(static_cast<int>(*port), count, entry_size, max_seconds, pipeline);
  HENHOUSE_RETURN_IF_ERROR(bench.Start(static_cast<int>(*port), clients));
  HENHOUSE_RETURN_IF_ERROR(bench.Run());
  return bench.Result();
}

}  // namespace henhouse::board
