#include "henhouse/board/http_wire.h"

#include <gtest/gtest.h>

namespace henhouse::board::http {
namespace {

using Step = MessageParser::Step;

MessageParser Requests(Limits limits = {}) { return MessageParser(MessageParser::Kind::kRequest, limits); }

// ParseWhole parses `text` given all at once and one byte at a time; both
// must agree.
Step ParseWhole(const std::string& text, Message* out, int* error_status, Limits limits = {}) {
  MessageParser whole = Requests(limits);
  Step a = whole.Next(text);
  MessageParser drip = Requests(limits);
  Step b = Step::kIncomplete;
  for (size_t n = 1; n <= text.size() && b == Step::kIncomplete; ++n) {
    b = drip.Next(std::string_view(text).substr(0, n));
  }
  EXPECT_EQ(a, b) << text;
  if (a == Step::kComplete) {
    EXPECT_EQ(whole.consumed(), drip.consumed());
    *out = whole.message();
  }
  if (a == Step::kError) *error_status = whole.error().status;
  return a;
}

TEST(HttpWireTest, ParsesRequestWithBody) {
  Message m;
  int err = 0;
  std::string text = "POST /add HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
  ASSERT_EQ(ParseWhole(text + "GET /", &m, &err), Step::kComplete);
  EXPECT_EQ(m.method, "POST");
  EXPECT_EQ(m.target, "/add");
  EXPECT_EQ(m.body, "hello");
  EXPECT_TRUE(m.keep_alive);
  MessageParser p = Requests();
  ASSERT_EQ(p.Next(text + "GET /"), Step::kComplete);
  EXPECT_EQ(p.consumed(), text.size());
}

TEST(HttpWireTest, VersionsAndConnection) {
  Message m;
  int err = 0;
  ASSERT_EQ(ParseWhole("GET / HTTP/1.0\r\n\r\n", &m, &err), Step::kComplete);
  EXPECT_FALSE(m.keep_alive);
  ASSERT_EQ(ParseWhole("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &m, &err), Step::kComplete);
  EXPECT_TRUE(m.keep_alive);
  ASSERT_EQ(ParseWhole("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n", &m, &err), Step::kComplete);
  EXPECT_FALSE(m.keep_alive);
  // Bare LF line ends and leading empty lines are tolerated.
  ASSERT_EQ(ParseWhole("\r\n\r\nGET /x HTTP/1.1\nHost: a\n\n", &m, &err), Step::kComplete);
  EXPECT_EQ(m.target, "/x");
  ASSERT_EQ(ParseWhole("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nz", &m, &err), Step::kComplete);
  EXPECT_TRUE(m.expect_continue);
}

TEST(HttpWireTest, RejectsMalformedRequests) {
  struct Case {
    std::string text;
    int status;
  } cases[] = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET\r\n\r\n", 400},
      {"GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n", 400},
      {"G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400},
      {"GET noslash HTTP/1.1\r\nHost: a\r\n\r\n", 400},
      {"GET / HTTX/1.1\r\nHost: a\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505},
      {"GET / HTTP/1.1\r\n\r\n", 400},  // no Host
      {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 501},
      {"POST / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n", 417},
      {std::string("GET /\0 HTTP/1.1\r\nHost: a\r\n\r\n", 28), 400},
  };
  for (const Case& c : cases) {
    Message m;
    int err = 0;
    EXPECT_EQ(ParseWhole(c.text, &m, &err), Step::kError) << c.text;
    EXPECT_EQ(err, c.status) << c.text;
  }
}

TEST(HttpWireTest, HeadAndBodyLimits) {
  Limits small{256, 4, 10};
  Message m;
  int err = 0;
  std::string big_head = "GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(300, 'a') + "\r\n\r\n";
  EXPECT_EQ(ParseWhole(big_head, &m, &err, small), Step::kError);
  EXPECT_EQ(err, 431);
  // An endless head is refused once it passes the limit, without its end.
  MessageParser p = Requests(small);
  EXPECT_EQ(p.Next("GET / HTTP/1.1\r\nX: " + std::string(200, 'a')), Step::kIncomplete);
  EXPECT_EQ(p.Next("GET / HTTP/1.1\r\nX: " + std::string(300, 'a')), Step::kError);
  EXPECT_EQ(p.error().status, 431);
  std::string many = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\n\r\n";
  EXPECT_EQ(ParseWhole(many, &m, &err, small), Step::kError);
  EXPECT_EQ(err, 431);
  // The body limit is checked on the head, before any body arrives.
  MessageParser q = Requests(small);
  EXPECT_EQ(q.Next("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n"), Step::kError);
  EXPECT_EQ(q.error().status, 413);
  EXPECT_EQ(ParseWhole("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789", &m, &err, small),
            Step::kComplete);
}

TEST(HttpWireTest, PipelinedRequestsOneByOne) {
  std::string text;
  for (int i = 0; i < 3; ++i) {
    text.append("POST /add HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nb");
    text.push_back(static_cast<char>('0' + i));
  }
  MessageParser p = Requests();
  size_t off = 0;
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(p.Next(std::string_view(text).substr(off)), Step::kComplete);
    EXPECT_EQ(p.message().body, std::string({'b', static_cast<char>('0' + i)}));
    off += p.consumed();
  }
  EXPECT_EQ(off, text.size());
}

TEST(HttpWireTest, ResponsesRoundTrip) {
  std::string out;
  AppendResponse(out, 200, "text/plain", "17\n", {{"Cache-Control", "no-cache"}}, false, false);
  AppendResponse(out, 404, "text/plain", "none\n", {}, true, false);
  MessageParser p(MessageParser::Kind::kResponse, Limits{});
  ASSERT_EQ(p.Next(out), Step::kComplete);
  EXPECT_EQ(p.message().status, 200);
  EXPECT_EQ(p.message().body, "17\n");
  EXPECT_TRUE(p.message().keep_alive);
  size_t off = p.consumed();
  ASSERT_EQ(p.Next(std::string_view(out).substr(off)), Step::kComplete);
  EXPECT_EQ(p.message().status, 404);
  EXPECT_FALSE(p.message().keep_alive);
  std::string head;
  AppendResponse(head, 200, "text/plain", "abc", {}, false, true);
  EXPECT_NE(head.find("Content-Length: 3\r\n\r\n"), std::string::npos);
  EXPECT_EQ(head.substr(head.size() - 4), "\r\n\r\n");
}

TEST(HttpWireTest, GarbageNeverCrashes) {
  uint32_t x = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string junk;
    size_t n = 1 + round % 300;
    for (size_t i = 0; i < n; ++i) {
      x = x * 1103515245 + 12345;
      const char alphabet[] = "GET /PST HTP1.:\r\n0123456789abc\x00\xff";
      junk.push_back(alphabet[(x >> 16) % (sizeof(alphabet) - 1)]);
    }
    MessageParser p = Requests(Limits{512, 8, 64});
    size_t off = 0;
    for (int k = 0; k < 10 && off <= junk.size(); ++k) {
      Step s = p.Next(std::string_view(junk).substr(off));
      if (s != Step::kComplete) break;
      ASSERT_GT(p.consumed(), 0u);
      off += p.consumed();
    }
  }
}

}  // namespace
}  // namespace henhouse::board::http
