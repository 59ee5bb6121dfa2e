// Status and StatusOr: how every fallible henhouse call reports failure.
#ifndef HENHOUSE_BASE_STATUS_H_
#define HENHOUSE_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace henhouse {

// StatusCode says what kind of failure a Status reports. Callers branch on the
// code; the message is for people.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the input is malformed or out of range
  kNotFound,            // a named object does not exist
  kAlreadyExists,       // an object with that name/index exists already
  kFailedPrecondition,  // the state does not allow the operation
  kVerificationFailed,  // a signature, proof or hash check failed
  kConflict,            // a compare-and-swap lost, or a fork was detected
  kUnavailable,         // a peer or resource could not be reached
  kDataLoss,            // stored data is corrupt or truncated
  kInternal,            // a bug or a failed dependency
  kPermissionDenied,    // a file or key may not be used
};

// StatusCodeName returns a short stable name for `code` ("INVALID_ARGUMENT").
const char* StatusCodeName(StatusCode code);

// Status is the result of an operation: ok, or a code and a message naming the
// object concerned and what was expected of it.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // ToString returns "OK" or "CODE: message".
  std::string ToString() const;
  // WithContext returns this status with `context + ": "` put before the
  // message; an ok status is returned unchanged.
  Status WithContext(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
inline Status InvalidArgumentError(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}
inline Status NotFoundError(std::string m) {
  return Status(StatusCode::kNotFound, std::move(m));
}
inline Status AlreadyExistsError(std::string m) {
  return Status(StatusCode::kAlreadyExists, std::move(m));
}
inline Status FailedPreconditionError(std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(m));
}
inline Status VerificationFailedError(std::string m) {
  return Status(StatusCode::kVerificationFailed, std::move(m));
}
inline Status ConflictError(std::string m) {
  return Status(StatusCode::kConflict, std::move(m));
}
inline Status UnavailableError(std::string m) {
  return Status(StatusCode::kUnavailable, std::move(m));
}
inline Status DataLossError(std::string m) {
  return Status(StatusCode::kDataLoss, std::move(m));
}
inline Status InternalError(std::string m) {
  return Status(StatusCode::kInternal, std::move(m));
}
inline Status PermissionDeniedError(std::string m) {
  return Status(StatusCode::kPermissionDenied, std::move(m));
}

// StatusOr<T> holds either a value or a non-ok Status, never both.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  // REQUIRES: !status.ok()
  StatusOr(Status status) : rep_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(rep_).ok());
    if (std::get<Status>(rep_).ok()) {
      rep_ = Status(StatusCode::kInternal, "StatusOr built from OK status");
    }
  }
  StatusOr(T value) : rep_(std::move(value)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(rep_); }
  Status status() const { return ok() ? Status() : std::get<Status>(rep_); }

  // REQUIRES: ok()
  T& value() & { return std::get<T>(rep_); }
  const T& value() const& { return std::get<T>(rep_); }
  T&& value() && { return std::get<T>(std::move(rep_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<Status, T> rep_;
};

}  // namespace henhouse

#define HENHOUSE_CONCAT_INNER_(a, b) a##b
#define HENHOUSE_CONCAT_(a, b) HENHOUSE_CONCAT_INNER_(a, b)

// HENHOUSE_RETURN_IF_ERROR(expr) returns the Status of `expr` if it is not ok.
#define HENHOUSE_RETURN_IF_ERROR(expr)                       \
  do {                                                       \
    ::henhouse::Status henhouse_status_ = (expr);            \
    if (!henhouse_status_.ok()) return henhouse_status_;     \
  } while (0)

// HENHOUSE_ASSIGN_OR_RETURN(lhs, expr) evaluates the StatusOr `expr`; on
// error returns its status, otherwise moves its value into `lhs` (which may
// be a declaration such as `auto x`).
#define HENHOUSE_ASSIGN_OR_RETURN(lhs, expr) \
  HENHOUSE_ASSIGN_OR_RETURN_IMPL_(HENHOUSE_CONCAT_(henhouse_or_, __LINE__), lhs, expr)
#define HENHOUSE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return tmp.status();                   \
  lhs = std::move(tmp).value()

#endif  // HENHOUSE_BASE_STATUS_H_
