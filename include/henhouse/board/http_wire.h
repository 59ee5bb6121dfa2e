// HTTP/1.1 message framing (RFC 9112) for the board's event-driven server and
// load client: request and response heads, Content-Length bodies only.
//
// A MessageParser reads one message at a time from the front of a
// connection's unconsumed bytes. It never reads past its limits: a head
// longer than max_head, more than max_headers fields, or a body longer than
// max_body is an error with the status the server should answer (431, 413),
// so a connection holds at most max_head + max_body bytes of one request.
#ifndef HENHOUSE_BOARD_HTTP_WIRE_H_
#define HENHOUSE_BOARD_HTTP_WIRE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace henhouse::board::http {

struct Limits {
  size_t max_head = 16 * 1024;  // start line plus header fields
  size_t max_headers = 64;
  size_t max_body = 64 * 1024;
};

// Message is a parsed request (method, target) or response (status).
struct Message {
  std::string method;  // requests: a token, e.g. "GET"
  std::string target;  // requests: origin-form, begins with '/'
  int status = 0;      // responses: 100..599
  int minor_version = 1;  // HTTP/1.<minor>
  bool keep_alive = true;       // from the version and Connection
  bool expect_continue = false;  // requests: "Expect: 100-continue"
  bool has_host = false;
  uint64_t content_length = 0;
  std::string body;
};

// ParseError is what the server answers to a message it cannot parse; the
// connection is closed after the answer.
struct ParseError {
  int status = 400;  // 400, 413, 417, 431, 501 or 505
  std::string reason;
};

class MessageParser {
 public:
  enum class Kind { kRequest, kResponse };
  enum class Step { kIncomplete, kComplete, kError };

  MessageParser(Kind kind, Limits limits) : kind_(kind), limits_(limits) {}

  // Next looks at `buf`, the connection's unconsumed bytes; the message being
  // parsed begins at buf[0] and earlier calls saw a prefix of buf. kComplete:
  // message() is the message and consumed() its length in buf; the parser is
  // ready for the next message. kError: error() says why; the parser stays
  // in error.
  Step Next(std::string_view buf);

  // HeadParsed: the head of the current message has been parsed (its
  // message() fields are set, the body is still arriving).
  bool HeadParsed() const { return state_ == State::kBody; }
  const Message& message() const { return msg_; }
  Message TakeMessage() { return std::move(msg_); }
  size_t consumed() const { return consumed_; }
  const ParseError& error() const { return error_; }

 private:
  enum class State { kHead, kBody, kError };
  Step Fail(int status, std::string reason);
  Step ParseHead(std::string_view head);
  Step ParseStartLine(std::string_view line);
  Step ParseField(std::string_view line, bool* seen_length);

  Kind kind_;
  Limits limits_;
  State state_ = State::kHead;
  size_t skip_ = 0;     // empty lines before the start line
  size_t scanned_ = 0;  // bytes of the head already searched for its end
  size_t head_len_ = 0;
  size_t consumed_ = 0;
  Message msg_;
  ParseError error_;
};

// Header is one extra response field.
using Header = std::pair<std::string, std::string>;

// AppendResponse appends a complete HTTP/1.1 response with Content-Length.
// `close` adds "Connection: close"; `head_only` omits the body (HEAD).
void AppendResponse(std::string& out, int status, std::string_view content_type,
                    std::string_view body, const std::vector<Header>& headers, bool close,
                    bool head_only);
// ReasonPhrase returns the standard reason for the status codes the board
// uses, "Status" for others.
std::string_view ReasonPhrase(int status);

}  // namespace henhouse::board::http

#endif  // HENHOUSE_BOARD_HTTP_WIRE_H_
