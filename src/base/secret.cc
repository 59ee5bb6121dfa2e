#include "henhouse/base/secret.h"

#include <string.h>

namespace henhouse {

// explicit_bzero is glibc's memset that the compiler may not remove.
void SecureWipe(void* p, size_t n) {
  if (n != 0) explicit_bzero(p, n);
}

SecretBytes SecretBytes::Adopt(Bytes& data) {
  SecretBytes out(data.size());
  std::copy(data.begin(), data.end(), out.data_.begin());
  if (!data.empty()) SecureWipe(data.data(), data.size());
  data.clear();
  return out;
}

SecretBytes SecretBytes::Copy() const {
  SecretBytes out(data_.size());
  std::copy(data_.begin(), data_.end(), out.data_.begin());
  return out;
}

}  // namespace henhouse
