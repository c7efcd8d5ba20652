// Known values of pi(x) from the literature, shared by the tests of the pi(x) kernels.
#pragma once

#include <cstdint>

namespace primes::test {

// 10^k for k = 0 .. 19.
constexpr std::uint64_t pow10(int k) {
  std::uint64_t v = 1;
  while (k-- > 0)
    v *= 10;
  return v;
}

// pi(10^k), k = 0 .. 19 (OEIS A006880).
inline constexpr std::uint64_t kPiPow10[] = {
    0,
    4,
    25,
    168,
    1229,
    9592,
    78498,
    664579,
    5761455,
    50847534,
    455052511,
    4118054813,
    37607912018,
    346065536839,
    3204941750802,
    29844570422669,
    279238341033925,
    2623557157654233,
    24739954287740860,
    234057667276344607,
};

// pi(2^k), k = 0 .. 64 (OEIS A007053); 2^64 is not prime, so pi(2^64) = pi(2^64 - 1).
inline constexpr std::uint64_t kPiPow2[] = {
    0,
    1,
    2,
    4,
    6,
    11,
    18,
    31,
    54,
    97,
    172,
    309,
    564,
    1028,
    1900,
    3512,
    6542,
    12251,
    23000,
    43390,
    82025,
    155611,
    295947,
    564163,
    1077871,
    2063689,
    3957809,
    7603553,
    14630843,
    28192750,
    54400028,
    105097565,
    203280221,
    393615806,
    762939111,
    1480206279,
    2874398515,
    5586502348,
    10866266172,
    21151907950,
    41203088796,
    80316571436,
    156661034233,
    305761713237,
    597116381732,
    1166746786182,
    2280998753949,
    4461632979717,
    8731188863470,
    17094432576778,
    33483379603407,
    65612899915304,
    128625503610475,
    252252704148404,
    494890204904784,
    971269945245201,
    1906879381028850,
    3745011184713964,
    7357400267843990,
    14458792895301660,
    28423094496953330,
    55890484045084135,
    109932807585469973,
    216289611853439384,
    425656284035217743,
};

// A count of pi(10^power) by a kernel: the counts the checkpoint tests of both front ends stop
// and resume (a count of a second or two each).
struct PiJob {
  const char* kernel;
  int power;
};
inline constexpr PiJob kResumedPiJobs[] = {{"lmo", 15}, {"gourdon", 16}};

}  // namespace primes::test
