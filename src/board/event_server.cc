#include "henhouse/board/event_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <thread>

namespace henhouse::board::http {
namespace {

constexpr uint64_t kListenId = 0;
constexpr uint64_t kWakeId = 1;
constexpr int kLingerMs = 2000;  // drain input after a final answer, then close
constexpr size_t kReadChunk = 64 * 1024;

uint64_t NowMs() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace

// Completions carries answers from any thread back to the loop. Answers
// given on the loop thread itself skip the lock and the eventfd.
class Completions {
 public:
  struct Item {
    uint64_t conn, seq;
    Response response;
  };
  explicit Completions(int efd) : efd_(efd) {}
  ~Completions() { close(efd_); }
  int fd() const { return efd_; }
  void SetLoopThread() { loop_ = std::this_thread::get_id(); }

  void Post(Item item) {
    if (std::this_thread::get_id() == loop_) {
      local_.push_back(std::move(item));
      return;
    }
    bool was_empty;
    {
      std::lock_guard<std::mutex> lock(mu_);
      was_empty = remote_.empty();
      remote_.push_back(std::move(item));
    }
    if (was_empty) Wake();
  }
  void Wake() {
    uint64_t one = 1;
    ssize_t n = write(efd_, &one, sizeof(one));
    (void)n;  // EAGAIN means the counter is already non-zero: the loop wakes
  }
  std::vector<Item> Take() {
    std::vector<Item> out = std::move(local_);
    local_.clear();
    std::lock_guard<std::mutex> lock(mu_);
    for (Item& i : remote_) out.push_back(std::move(i));
    remote_.clear();
    return out;
  }

 private:
  int efd_;
  std::thread::id loop_;
  std::vector<Item> local_;  // loop thread only
  std::mutex mu_;
  std::vector<Item> remote_;
};

Responder::~Responder() {
  if (sink_) Send(Response{500, "text/plain; charset=utf-8", "request dropped\n", {}});
}

void Responder::Send(Response r) {
  if (!sink_) return;
  sink_->Post({conn_, seq_, std::move(r)});
  sink_.reset();
}

struct EventServer::Conn {
  struct Slot {
    uint64_t seq;
    bool close = false, head_only = false, ready = false;
    std::string bytes;
  };
  Conn(int f, uint64_t i, const Limits& limits)
      : fd(f), id(i), parser(MessageParser::Kind::kRequest, limits) {}
  int fd;
  uint64_t id;
  MessageParser parser;
  std::string in;
  size_t in_off = 0;
  bool continue_sent = false;
  std::deque<Slot> slots;
  uint64_t next_seq = 0;
  std::string out;
  size_t out_off = 0;
  bool peer_closed = false;  // read EOF
  bool closing = false;      // no more requests; close once answered
  bool lingering = false;    // write side shut, draining input
  bool dead = false;
  uint64_t request_start_ms = 0;  // first byte of a partial request
  uint64_t last_active_ms = 0;
  uint32_t events = 0;
  size_t Unsent() const { return out.size() - out_off; }
};

StatusOr<std::unique_ptr<EventServer>> EventServer::Bind(const std::string& host, int port,
                                                         ServerOptions options, Handler handler) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  std::string where = host + ":" + std::to_string(port);
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0 || !res) {
    return InvalidArgumentError("listen address is not a numeric host:port: " + where);
  }
  int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  bool ok = fd >= 0 && bind(fd, res->ai_addr, res->ai_addrlen) == 0 && listen(fd, SOMAXCONN) == 0;
  freeaddrinfo(res);
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  if (!ok || getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len) != 0) {
    std::string err = std::strerror(errno);
    if (fd >= 0) close(fd);
    return UnavailableError("cannot listen on " + where + ": " + err);
  }
  int bound_port = ntohs(bound.ss_family == AF_INET6
                             ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                             : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (ep < 0 || efd < 0) {
    close(fd);
    if (ep >= 0) close(ep);
    if (efd >= 0) close(efd);
    return UnavailableError("cannot create the event loop: " + std::string(std::strerror(errno)));
  }
  std::unique_ptr<EventServer> s(new EventServer(fd, ep, bound_port, options, std::move(handler)));
  s->completions_ = std::make_shared<Completions>(efd);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenId;
  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  ev.data.u64 = kWakeId;
  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
  return s;
}

EventServer::EventServer(int listen_fd, int epoll_fd, int port, ServerOptions options,
                         Handler handler)
    : listen_fd_(listen_fd), epoll_fd_(epoll_fd), port_(port), options_(options),
      handler_(std::move(handler)) {}

EventServer::~EventServer() {
  for (auto& [id, c] : conns_) {
    if (!c->dead) close(c->fd);
  }
  close(listen_fd_);
  close(epoll_fd_);
}

void EventServer::Stop() {
  stop_ = true;
  completions_->Wake();
}

Status EventServer::Run() {
  completions_->SetLoopThread();
  std::vector<epoll_event> events(256);
  while (!stop_) {
    int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 200);
    if (n < 0 && errno != EINTR) return UnavailableError("epoll_wait: " + std::string(std::strerror(errno)));
    for (int i = 0; i < n; ++i) {
      uint64_t id = events[i].data.u64;
      if (id == kListenId) {
        Accept();
      } else if (id == kWakeId) {
        uint64_t count;
        ssize_t r = read(completions_->fd(), &count, sizeof(count));
        (void)r;
      } else {
        OnEvent(id, events[i].events);
      }
    }
    DrainCompletions();
    for (uint64_t id : dead_) conns_.erase(id);
    dead_.clear();
    if (NowMs() - last_sweep_ms_ >= 100) Sweep();
  }
  return OkStatus();
}

void EventServer::Accept() {
  while (true) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: stop accepting for a moment instead of spinning.
        epoll_event ev{};
        ev.data.u64 = kListenId;
        epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
        accept_paused_ = true;
      }
      return;
    }
    if (conns_.size() >= options_.max_connections) {
      close(fd);
      continue;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    uint64_t id = next_id_++;
    auto c = std::make_unique<Conn>(fd, id, options_.limits);
    c->last_active_ms = NowMs();
    c->events = EPOLLIN;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = id;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      close(fd);
      continue;
    }
    conns_.emplace(id, std::move(c));
  }
}

void EventServer::OnEvent(uint64_t id, uint32_t events) {
  auto it = conns_.find(id);
  if (it == conns_.end() || it->second->dead) return;
  Conn& c = *it->second;
  if ((events & (EPOLLERR | EPOLLHUP)) && !(events & EPOLLIN)) {
    Close(c);
    return;
  }
  if (events & EPOLLIN) ReadFrom(c);
  if (c.dead) return;
  ParseRequests(c);
  Flush(c);
}

void EventServer::ReadFrom(Conn& c) {
  if (c.lingering) {
    ssize_t n = read(c.fd, scratch_.data(), scratch_.size());
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) Close(c);
    return;
  }
  // Read into the loop's scratch buffer: a connection's buffer grows only by
  // what arrived (resizing it by a whole chunk would zero-fill it each time).
  ssize_t n = read(c.fd, scratch_.data(), scratch_.size());
  if (n > 0) {
    c.in.append(scratch_.data(), static_cast<size_t>(n));
    c.last_active_ms = NowMs();
  } else if (n == 0) {
    // The client will send nothing more: answer what is complete, then close.
    c.peer_closed = true;
    c.closing = true;
    if (c.slots.empty() && c.Unsent() == 0) Close(c);
  } else if (errno != EAGAIN && errno != EINTR) {
    Close(c);
  }
}

void EventServer::ParseRequests(Conn& c) {
  while (!c.dead && !c.closing && c.slots.size() < options_.max_pipeline &&
         c.Unsent() < options_.max_output && c.in_off < c.in.size()) {
    std::string_view buf(c.in.data() + c.in_off, c.in.size() - c.in_off);
    auto step = c.parser.Next(buf);
    if (step == MessageParser::Step::kIncomplete) {
      // RFC 9110 §10.1.1: tell a client waiting on "Expect: 100-continue" to
      // send the body (413 went out already if it is too large).
      if (c.parser.HeadParsed() && c.parser.message().expect_continue && !c.continue_sent &&
          c.slots.empty()) {
        c.out.append("HTTP/1.1 100 Continue\r\n\r\n");
        c.continue_sent = true;
      }
      break;
    }
    if (step == MessageParser::Step::kError) {
      AddSlot(c, c.parser.error().status, c.parser.error().reason);
      break;
    }
    c.in_off += c.parser.consumed();
    c.continue_sent = false;
    c.request_start_ms = 0;
    Dispatch(c, c.parser.TakeMessage());
  }
  if (c.dead) return;
  if (c.in_off == c.in.size()) {
    c.in.clear();
    c.in_off = 0;
  } else if (c.in_off >= kReadChunk) {
    c.in.erase(0, c.in_off);
    c.in_off = 0;
  }
  bool partial = c.in_off < c.in.size() && !c.closing;
  bool blocked = c.slots.size() >= options_.max_pipeline || c.Unsent() >= options_.max_output;
  if (!partial || blocked) {
    c.request_start_ms = 0;  // waiting on us is not the client's delay
  } else if (c.request_start_ms == 0) {
    c.request_start_ms = NowMs();
  }
}

void EventServer::Dispatch(Conn& c, Message request) {
  Conn::Slot slot;
  slot.seq = c.next_seq++;
  slot.close = !request.keep_alive;
  slot.head_only = request.method == "HEAD";
  if (slot.close) c.closing = true;
  c.slots.push_back(std::move(slot));
  handler_(request, Responder(completions_, c.id, c.slots.back().seq));
}

// AddSlot queues a final answer from the server itself (a parse error or a
// timeout); nothing more is read from the connection.
void EventServer::AddSlot(Conn& c, int status, const std::string& reason) {
  Conn::Slot slot;
  slot.seq = c.next_seq++;
  slot.close = true;
  slot.ready = true;
  AppendResponse(slot.bytes, status, "text/plain; charset=utf-8", reason + "\n", {}, true, false);
  c.slots.push_back(std::move(slot));
  c.closing = true;
}

void EventServer::DrainCompletions() {
  while (true) {
    std::vector<Completions::Item> items = completions_->Take();
    if (items.empty()) return;
    std::vector<Conn*> touched;
    for (Completions::Item& item : items) {
      auto it = conns_.find(item.conn);
      if (it == conns_.end() || it->second->dead) continue;  // the client left
      Conn& c = *it->second;
      if (c.slots.empty() || item.seq < c.slots.front().seq ||
          item.seq - c.slots.front().seq >= c.slots.size()) {
        continue;
      }
      Conn::Slot& slot = c.slots[item.seq - c.slots.front().seq];
      if (slot.ready) continue;
      const Response& r = item.response;
      AppendResponse(slot.bytes, r.status, r.content_type, r.body, r.headers, slot.close,
                     slot.head_only);
      slot.ready = true;
      touched.push_back(&c);
    }
    for (Conn* c : touched) {
      if (c->dead) continue;
      Flush(*c);
      ParseRequests(*c);
      Flush(*c);
    }
  }
}

void EventServer::Flush(Conn& c) {
  if (c.dead) return;
  while (!c.slots.empty() && c.slots.front().ready) {
    c.out.append(c.slots.front().bytes);
    c.slots.pop_front();
  }
  while (c.out_off < c.out.size()) {
    ssize_t n = send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_off += static_cast<size_t>(n);
      c.last_active_ms = NowMs();
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      break;
    } else {
      Close(c);
      return;
    }
  }
  if (c.out_off == c.out.size()) {
    c.out.clear();
    c.out_off = 0;
  }
  if (c.closing && c.slots.empty() && c.out.empty() && !c.lingering) {
    if (c.peer_closed) {
      Close(c);
      return;
    }
    // Half-close and drain what the client still sends, so that our last
    // answer is not lost to a reset.
    shutdown(c.fd, SHUT_WR);
    c.lingering = true;
    c.last_active_ms = NowMs();
  }
  Update(c);
}

void EventServer::Update(Conn& c) {
  bool read = !c.peer_closed &&
              (c.lingering || (!c.closing && c.slots.size() < options_.max_pipeline &&
                               c.Unsent() < options_.max_output));
  uint32_t want = (read ? uint32_t{EPOLLIN} : 0u) | (c.Unsent() > 0 ? uint32_t{EPOLLOUT} : 0u);
  if (want == c.events) return;
  epoll_event ev{};
  ev.events = want;
  ev.data.u64 = c.id;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev);
  c.events = want;
}

void EventServer::Close(Conn& c) {
  if (c.dead) return;
  close(c.fd);
  c.dead = true;
  dead_.push_back(c.id);
}

void EventServer::Sweep() {
  uint64_t now = NowMs();
  last_sweep_ms_ = now;
  if (accept_paused_) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenId;
    epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
    accept_paused_ = false;
  }
  for (auto& [id, cp] : conns_) {
    Conn& c = *cp;
    if (c.dead) continue;
    if (c.lingering) {
      if (now - c.last_active_ms > static_cast<uint64_t>(kLingerMs)) Close(c);
    } else if (c.request_start_ms != 0 &&
               now - c.request_start_ms > static_cast<uint64_t>(options_.request_timeout_ms)) {
      AddSlot(c, 408, "request not received in time");
      Flush(c);
    } else if (now - c.last_active_ms > static_cast<uint64_t>(options_.idle_timeout_ms) &&
               ((c.slots.empty() && c.in_off == c.in.size()) || c.Unsent() > 0)) {
      Close(c);  // idle, or not reading its answers
    }
  }
  for (uint64_t id : dead_) conns_.erase(id);
  dead_.clear();
}

}  // namespace henhouse::board::http
