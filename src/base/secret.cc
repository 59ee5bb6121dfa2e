#include "henhouse/base/secret.h"

namespace henhouse {

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
