// SystemRandomBytes: the per-thread buffer hands out each byte once, serves
// every request size, and a forked child does not repeat its parent's bytes.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <thread>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/rng.h"

namespace henhouse {
namespace {

Bytes Draw(size_t n) {
  Bytes b(n);
  SystemRandomBytes(b);
  return b;
}

TEST(SystemRandomTest, NoRepeatsAcrossManyBufferedRequests) {
  // 300 requests of 48 bytes cross the 4 KiB buffer three times, including
  // refills with a partly used buffer left over.
  std::set<Bytes> seen;
  for (int i = 0; i < 300; ++i) {
    Bytes b = Draw(48);
    EXPECT_TRUE(seen.insert(b).second) << "request " << i << " repeated an earlier one";
    EXPECT_NE(b, Bytes(48, 0)) << "request " << i;
  }
}

TEST(SystemRandomTest, EverySizeIsFilled) {
  for (size_t n : {0u, 1u, 31u, 64u, 65u, 1000u, 5000u}) {
    // Two draws of n ≥ 16 bytes agree only with negligible probability, and
    // an unfilled buffer would stay all zero.
    Bytes a = Draw(n), b = Draw(n);
    ASSERT_EQ(a.size(), n);
    if (n >= 16) {
      EXPECT_NE(a, b) << n << " bytes";
      EXPECT_NE(a, Bytes(n, 0)) << n << " bytes";
    }
  }
  std::vector<uint8_t> empty;
  SystemRandomBytes(empty);  // a zero-length request is allowed
}

TEST(SystemRandomTest, ThreadsGetDifferentBytes) {
  Bytes here = Draw(32), there;
  std::thread t([&] { there = Draw(32); });
  t.join();
  EXPECT_NE(here, there);
}

TEST(SystemRandomTest, ForkedChildDoesNotRepeatParentBuffer) {
  Draw(16);  // the parent's buffer now holds unused bytes
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    Bytes b = Draw(32);
    const bool ok = write(fds[1], b.data(), b.size()) == static_cast<ssize_t>(b.size());
    _exit(ok ? 0 : 1);
  }
  close(fds[1]);
  Bytes child(32);
  ASSERT_EQ(read(fds[0], child.data(), child.size()), 32);
  close(fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  // Without the fork check the child would hand out exactly the bytes the
  // parent hands out next.
  EXPECT_NE(child, Draw(32));
}

TEST(SystemRandomTest, SystemRngUsesIt) {
  auto rng = NewSystemRng();
  EXPECT_NE(rng->Generate(32), rng->Generate(32));
}

}  // namespace
}  // namespace henhouse
