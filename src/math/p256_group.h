// P256Group factory (implementation in p256_group.cc). Internal.
#ifndef HENHOUSE_SRC_MATH_P256_GROUP_H_
#define HENHOUSE_SRC_MATH_P256_GROUP_H_

#include <memory>

#include "henhouse/math/group.h"

namespace henhouse::math::internal {

// NewP256Group returns NIST P-256 through OpenSSL's EC implementation.
std::shared_ptr<const Group> NewP256Group();

}  // namespace henhouse::math::internal

#endif  // HENHOUSE_SRC_MATH_P256_GROUP_H_
