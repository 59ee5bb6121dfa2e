#include "henhouse/board/http_wire.h"

#include <algorithm>

namespace henhouse::board::http {
namespace {

// RFC 9110 §5.6.2: tchar.
bool IsTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return IsTokenChar(c); });
}

// RFC 9110 §5.5: field values are VCHAR, obs-text, SP and HTAB.
bool IsFieldValue(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    return c == '\t' || (c >= 0x20 && c != 0x7f);
  });
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// ParseDigits reads 1..18 decimal digits (no sign, no spaces).
bool ParseDigits(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

// NextLine splits off one line ending in LF (a preceding CR is dropped).
std::string_view NextLine(std::string_view& rest) {
  size_t lf = rest.find('\n');
  std::string_view line = rest.substr(0, lf);
  rest.remove_prefix(lf == std::string_view::npos ? rest.size() : lf + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

MessageParser::Step MessageParser::Fail(int status, std::string reason) {
  state_ = State::kError;
  error_ = ParseError{status, std::move(reason)};
  return Step::kError;
}

MessageParser::Step MessageParser::Next(std::string_view buf) {
  if (state_ == State::kError) return Step::kError;
  if (state_ == State::kHead) {
    // RFC 9112 §2.2: ignore empty lines before the request line.
    while (skip_ < buf.size() && (buf[skip_] == '\r' || buf[skip_] == '\n')) {
      if (skip_ >= limits_.max_head) return Fail(431, "too many empty lines before the message");
      ++skip_;
    }
    scanned_ = std::max(scanned_, skip_);
    // The head ends at an empty line: "\n\n" or "\n\r\n".
    size_t end = std::string_view::npos;
    for (size_t i = scanned_; i < buf.size(); ++i) {
      if (buf[i] != '\n' || i == skip_) continue;
      if (buf[i - 1] == '\n' || (buf[i - 1] == '\r' && i >= skip_ + 2 && buf[i - 2] == '\n')) {
        end = i + 1;
        break;
      }
    }
    if (end == std::string_view::npos) {
      scanned_ = buf.size();
      if (buf.size() - skip_ > limits_.max_head) return Fail(431, "message head larger than " + std::to_string(limits_.max_head) + " bytes");
      return Step::kIncomplete;
    }
    if (end - skip_ > limits_.max_head) return Fail(431, "message head larger than " + std::to_string(limits_.max_head) + " bytes");
    msg_ = Message();
    if (ParseHead(buf.substr(skip_, end - skip_)) == Step::kError) return Step::kError;
    head_len_ = end;
    state_ = State::kBody;
  }
  if (buf.size() - head_len_ < msg_.content_length) return Step::kIncomplete;
  msg_.body.assign(buf.substr(head_len_, msg_.content_length));
  consumed_ = head_len_ + msg_.content_length;
  state_ = State::kHead;
  skip_ = scanned_ = head_len_ = 0;
  return Step::kComplete;
}

MessageParser::Step MessageParser::ParseHead(std::string_view head) {
  std::string_view rest = head;
  if (ParseStartLine(NextLine(rest)) == Step::kError) return Step::kError;
  bool seen_length = false;
  size_t fields = 0;
  while (true) {
    std::string_view line = NextLine(rest);
    if (line.empty()) break;
    if (++fields > limits_.max_headers) return Fail(431, "more than " + std::to_string(limits_.max_headers) + " header fields");
    if (ParseField(line, &seen_length) == Step::kError) return Step::kError;
  }
  if (kind_ == Kind::kRequest) {
    if (msg_.minor_version >= 1 && !msg_.has_host) return Fail(400, "HTTP/1.1 request without Host");
    if (msg_.content_length > limits_.max_body) {
      return Fail(413, "body larger than " + std::to_string(limits_.max_body) + " bytes");
    }
  } else if (msg_.content_length > limits_.max_body) {
    return Fail(502, "response body too large");
  }
  return Step::kComplete;
}

// RFC 9112 §3 request-line = method SP request-target SP HTTP-version;
// §4 status-line = HTTP-version SP status-code SP [reason-phrase].
MessageParser::Step MessageParser::ParseStartLine(std::string_view line) {
  auto version = [this](std::string_view v) -> Step {
    if (v.size() != 8 || v.substr(0, 5) != "HTTP/" || v[6] != '.' || v[5] < '0' || v[5] > '9' ||
        v[7] < '0' || v[7] > '9') {
      return Fail(400, "malformed HTTP version");
    }
    if (v[5] != '1') return Fail(505, "only HTTP/1.x is supported");
    msg_.minor_version = v[7] - '0';
    msg_.keep_alive = msg_.minor_version >= 1;
    return Step::kComplete;
  };
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return Fail(400, "malformed start line");
  std::string_view a = line.substr(0, sp1), b = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view c = line.substr(sp2 + 1);
  if (kind_ == Kind::kResponse) {
    uint64_t code = 0;
    if (b.size() != 3 || !ParseDigits(b, &code) || code < 100) return Fail(502, "malformed status line");
    msg_.status = static_cast<int>(code);
    return version(a) == Step::kError ? Step::kError : Step::kComplete;
  }
  if (!IsToken(a)) return Fail(400, "malformed method");
  if (b.empty() || b[0] != '/' ||
      !std::all_of(b.begin(), b.end(), [](char ch) { return ch > 0x20 && ch < 0x7f; })) {
    return Fail(400, "malformed request target");
  }
  if (version(c) == Step::kError) return Step::kError;
  msg_.method.assign(a);
  msg_.target.assign(b);
  return Step::kComplete;
}

// RFC 9112 §5: field-line = field-name ":" OWS field-value OWS; no
// whitespace before the colon, no obsolete line folding.
MessageParser::Step MessageParser::ParseField(std::string_view line, bool* seen_length) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
    return Fail(400, "malformed header field");
  }
  std::string_view name = line.substr(0, colon);
  std::string_view value = TrimOws(line.substr(colon + 1));
  if (!IsFieldValue(value)) return Fail(400, "control character in header field " + std::string(name));
  if (EqualsIgnoreCase(name, "content-length")) {
    uint64_t n = 0;
    if (!ParseDigits(value, &n)) return Fail(400, "malformed Content-Length");
    if (*seen_length && n != msg_.content_length) return Fail(400, "conflicting Content-Length fields");
    *seen_length = true;
    msg_.content_length = n;
  } else if (EqualsIgnoreCase(name, "transfer-encoding")) {
    return Fail(501, "Transfer-Encoding is not supported; send Content-Length");
  } else if (EqualsIgnoreCase(name, "host")) {
    if (msg_.has_host) return Fail(400, "more than one Host field");
    msg_.has_host = true;
  } else if (EqualsIgnoreCase(name, "connection")) {
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view opt = TrimOws(rest.substr(0, comma));
      rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
      if (EqualsIgnoreCase(opt, "close")) msg_.keep_alive = false;
      if (EqualsIgnoreCase(opt, "keep-alive") && msg_.minor_version == 0) msg_.keep_alive = true;
    }
  } else if (EqualsIgnoreCase(name, "expect") && kind_ == Kind::kRequest) {
    if (!EqualsIgnoreCase(value, "100-continue")) return Fail(417, "unsupported expectation");
    msg_.expect_continue = true;
  }
  return Step::kComplete;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
  }
}

void AppendResponse(std::string& out, int status, std::string_view content_type,
                    std::string_view body, const std::vector<Header>& headers, bool close,
                    bool head_only) {
  out.append("HTTP/1.1 ").append(std::to_string(status)).append(" ").append(ReasonPhrase(status));
  out.append("\r\nContent-Type: ").append(content_type);
  out.append("\r\nContent-Length: ").append(std::to_string(body.size()));
  for (const Header& h : headers) out.append("\r\n").append(h.first).append(": ").append(h.second);
  if (close) out.append("\r\nConnection: close");
  out.append("\r\n\r\n");
  if (!head_only) out.append(body);
}

}  // namespace henhouse::board::http
