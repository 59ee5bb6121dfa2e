// SmallBuffer<T, N>: n objects of T on the stack when n ≤ N, else on the
// heap; for the per-call scratch arrays of the P-256 hot paths (an
// encryption's six multiplications and one batch encoding), which would
// otherwise cost a dozen allocations per call. Internal to the math module.
#ifndef HENHOUSE_SRC_MATH_SMALL_BUFFER_H_
#define HENHOUSE_SRC_MATH_SMALL_BUFFER_H_

#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace henhouse::math::internal {

template <typename T, size_t N>
class SmallBuffer {
 public:
  explicit SmallBuffer(size_t n) : size_(n) {
    if (n > N) heap_.resize(n);
  }
  SmallBuffer(const SmallBuffer&) = delete;
  SmallBuffer& operator=(const SmallBuffer&) = delete;
  T* data() { return size_ > N ? heap_.data() : stack_.data(); }
  const T* data() const { return size_ > N ? heap_.data() : stack_.data(); }
  size_t size() const { return size_; }
  T& operator[](size_t i) { return data()[i]; }
  const T& operator[](size_t i) const { return data()[i]; }
  std::span<T> span() { return {data(), size_}; }
  std::span<const T> span() const { return {data(), size_}; }

 private:
  size_t size_;
  // Not value-initialized: scalars and plain arrays are written before they
  // are read, and class types run their own constructors.
  std::array<T, N> stack_;
  std::vector<T> heap_;
};

}  // namespace henhouse::math::internal

#endif  // HENHOUSE_SRC_MATH_SMALL_BUFFER_H_
