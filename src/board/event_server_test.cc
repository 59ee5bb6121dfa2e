#include "henhouse/board/event_server.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace henhouse::board::http {
namespace {

// TestServer answers "/echo" with the body, "/later/<ms>" after <ms>
// milliseconds from another thread, and anything else 404.
class TestServer {
 public:
  explicit TestServer(ServerOptions options) {
    auto s = EventServer::Bind("127.0.0.1", 0, options, [this](Message& req, Responder res) {
      Handle(req, std::move(res));
    });
    EXPECT_TRUE(s.ok()) << s.status().message();
    server_ = std::move(*s);
    loop_ = std::thread([this] { EXPECT_TRUE(server_->Run().ok()); });
  }
  ~TestServer() {
    server_->Stop();
    loop_.join();
    for (auto& t : later_) t.join();
  }
  int port() const { return server_->port(); }

 private:
  void Handle(Message& req, Responder res) {
    if (req.target == "/echo") return res.Send(Response{200, "text/plain", req.body, {}});
    if (req.target.rfind("/later/", 0) == 0) {
      int ms = std::stoi(req.target.substr(7));
      auto shared = std::make_shared<Responder>(std::move(res));
      later_.emplace_back([shared, ms, body = req.body] {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        shared->Send(Response{200, "text/plain", body, {}});
      });
      return;
    }
    res.Send(Response{404, "text/plain", "no\n", {}});
  }
  std::unique_ptr<EventServer> server_;
  std::thread loop_;
  std::vector<std::thread> later_;  // loop thread only
};

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  return fd;
}

void SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// ReadFor reads until the server closes, `want` bytes arrived, or
// `ms` pass; *closed says whether the server closed.
std::string ReadFor(int fd, int ms, size_t want = SIZE_MAX, bool* closed = nullptr) {
  std::string out;
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  if (closed) *closed = false;
  while (out.size() < want && std::chrono::steady_clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 10) <= 0) continue;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n <= 0) {
      if (closed) *closed = true;
      break;
    }
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// ReadUntil reads until `needle` arrived or `ms` pass.
std::string ReadUntil(int fd, int ms, const std::string& needle) {
  std::string out;
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (out.find(needle) == std::string::npos && std::chrono::steady_clock::now() < end) {
    out += ReadFor(fd, 10);
  }
  return out;
}

std::string Post(const std::string& path, const std::string& body, const std::string& extra = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: t\r\n" + extra + "Content-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Exchange sends `request` on a fresh connection and returns all it gets
// back until the server closes or 2 s pass.
std::string Exchange(int port, const std::string& request, bool* closed) {
  int fd = Connect(port);
  SendAll(fd, request);
  std::string out = ReadFor(fd, 2000, SIZE_MAX, closed);
  close(fd);
  return out;
}

ServerOptions Small() {
  ServerOptions o;
  o.limits = Limits{1024, 16, 4096};
  o.request_timeout_ms = 300;
  return o;
}

TEST(EventServerTest, KeepAliveAndPipelinedInOrder) {
  TestServer s(Small());
  int fd = Connect(s.port());
  // Three pipelined requests; the first is answered last by its thread.
  SendAll(fd, Post("/later/150", "one") + Post("/echo", "two") + Post("/later/10", "three"));
  std::string got = ReadUntil(fd, 3000, "three");
  size_t a = got.find("\r\n\r\none"), b = got.find("\r\n\r\ntwo"), c = got.find("\r\n\r\nthree");
  ASSERT_NE(c, std::string::npos) << got;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  // The connection stays open for another request.
  SendAll(fd, Post("/echo", "four"));
  EXPECT_NE(ReadUntil(fd, 2000, "four").find("four"), std::string::npos);
  close(fd);
}

TEST(EventServerTest, MalformedRequestLineIs400AndCloses) {
  TestServer s(Small());
  bool closed = false;
  std::string got = Exchange(s.port(), "HELLO THERE\r\n\r\n", &closed);
  EXPECT_EQ(got.rfind("HTTP/1.1 400 ", 0), 0u) << got;
  EXPECT_TRUE(closed);
  got = Exchange(s.port(), "GET / HTTP/3.0\r\nHost: t\r\n\r\n", &closed);
  EXPECT_EQ(got.rfind("HTTP/1.1 505 ", 0), 0u) << got;
}

TEST(EventServerTest, HugeHeadersAre431) {
  TestServer s(Small());
  bool closed = false;
  std::string req = "GET /echo HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(5000, 'a') + "\r\n\r\n";
  std::string got = Exchange(s.port(), req, &closed);
  EXPECT_EQ(got.rfind("HTTP/1.1 431 ", 0), 0u) << got;
  EXPECT_TRUE(closed);
}

TEST(EventServerTest, OversizedBodyIs413BeforeTheBody) {
  TestServer s(Small());
  bool closed = false;
  std::string got = Exchange(s.port(), Post("/echo", std::string(5000, 'b')), &closed);
  EXPECT_EQ(got.rfind("HTTP/1.1 413 ", 0), 0u) << got;
  EXPECT_TRUE(closed);
  // With Expect: 100-continue the 413 comes instead of the go-ahead.
  int fd = Connect(s.port());
  SendAll(fd, "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 9999\r\n\r\n");
  EXPECT_EQ(ReadFor(fd, 2000).rfind("HTTP/1.1 413 ", 0), 0u);
  close(fd);
  fd = Connect(s.port());
  SendAll(fd, "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  EXPECT_EQ(ReadFor(fd, 2000, 25), "HTTP/1.1 100 Continue\r\n\r\n");
  SendAll(fd, "ok");
  EXPECT_NE(ReadUntil(fd, 2000, "\r\n\r\nok").find("200 OK"), std::string::npos);
  close(fd);
}

TEST(EventServerTest, SlowPartialRequestTimesOut) {
  TestServer s(Small());
  int fd = Connect(s.port());
  auto start = std::chrono::steady_clock::now();
  SendAll(fd, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Le");
  bool closed = false;
  std::string got;
  for (int i = 0; i < 20 && !closed; ++i) {  // one byte every 50 ms does not help
    SendAll(fd, "n");
    got += ReadFor(fd, 50, SIZE_MAX, &closed);
  }
  got += ReadFor(fd, 2000, SIZE_MAX, &closed);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(got.rfind("HTTP/1.1 408 ", 0), 0u) << got;
  EXPECT_TRUE(closed);
  EXPECT_LT(secs, 2.0);
  close(fd);
}

TEST(EventServerTest, ClientLeavingMidRequestOrMidWaitIsHarmless) {
  TestServer s(Small());
  for (int i = 0; i < 20; ++i) {
    int fd = Connect(s.port());
    SendAll(fd, i % 2 ? "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nhalf"
                      : Post("/later/20", "gone"));
    close(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  bool closed = false;
  std::string got = Exchange(s.port(), Post("/echo", "still", "Connection: close\r\n"), &closed);
  EXPECT_EQ(got.rfind("HTTP/1.1 200 OK", 0), 0u) << got;
  EXPECT_NE(got.find("still"), std::string::npos);
  EXPECT_TRUE(closed);
}

TEST(EventServerTest, GarbageAndManyConnections) {
  TestServer s(Small());
  uint32_t x = 7;
  std::vector<int> fds;
  for (int i = 0; i < 200; ++i) {
    int fd = Connect(s.port());
    std::string junk;
    for (int k = 0; k < 64; ++k) {
      x = x * 1103515245 + 12345;
      junk.push_back(static_cast<char>(x >> 16));
    }
    SendAll(fd, i % 3 == 0 ? junk : Post("/echo", "k"));
    fds.push_back(fd);
  }
  size_t answered = 0;
  for (int fd : fds) {
    std::string got = ReadFor(fd, 2000, 12);
    answered += got.rfind("HTTP/1.1 ", 0) == 0;
    close(fd);
  }
  EXPECT_EQ(answered, fds.size());
  bool closed = false;
  EXPECT_NE(Exchange(s.port(), Post("/nothing", "", "Connection: close\r\n"), &closed).find(" 404 "),
            std::string::npos);
}

}  // namespace
}  // namespace henhouse::board::http
