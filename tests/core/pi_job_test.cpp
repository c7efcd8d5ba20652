// The lmo kernel in the job model (pi_job.hpp): the layout of the pieces, the parts that carry
// them, and the join that adds them up whatever order they come in.
#include "primes/pi_job.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "primes/job.hpp"
#include "primes/kernel_factory.hpp"
#include "primes/report.hpp"
#include "primes/sieve_kernel.hpp"

namespace primes {
namespace {

// Counts `range` with the lmo kernel: every piece by one kernel, joined in a shuffled order.
std::uint64_t count_shuffled(Range range, std::uint64_t seed) {
  const auto layout = std::make_shared<const PiLayout>(range);
  PiKernel kernel(layout);
  std::vector<std::uint64_t> order(layout->chunks());
  for (std::uint64_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937_64(seed));
  PiJoin join(layout);
  for (const std::uint64_t i : order) {
    EXPECT_EQ(kernel.count({i, i}), 0u);
    join.add(i, kernel.chunk_value(0));
  }
  EXPECT_TRUE(join.complete());
  EXPECT_EQ(join.waiting(), 0u);
  return static_cast<std::uint64_t>(join.count().value_or(0));
}

TEST(PiLayout, PiecesTileEachSieveFromOne) {
  for (const Range r : {Range{0, 1000000000}, Range{12345, 98765432109}, Range{2, 1ull << 40}}) {
    const PiLayout layout(r);
    ASSERT_EQ(layout.targets(), r.first > 1 ? 2u : 1u);
    for (std::uint64_t t = 0; t < layout.targets(); ++t) {
      const std::uint64_t z = pi_parameters(layout.x(t)).z;
      std::uint64_t next = 1;
      for (std::uint64_t i = 0; i < layout.pieces_of(t); ++i) {
        const PiLayout::Piece p = layout.piece(layout.first_piece(t) + i);
        EXPECT_EQ(p.target, t);
        EXPECT_EQ(p.lo, next);
        EXPECT_LT(p.lo, p.hi);
        next = p.hi;
      }
      EXPECT_EQ(next, z + 1) << "target " << t << " of " << r.first << ".." << r.last;
    }
    EXPECT_THROW(layout.piece(layout.pieces()), std::out_of_range);
  }
}

TEST(PiLayout, TinyRangesHaveNoPiecesButOneChunk) {
  const PiLayout layout(Range{0, 8});
  EXPECT_EQ(layout.pieces(), 0u);
  EXPECT_EQ(layout.chunks(), 1u);
}

TEST(PiKernel, CountsOfRangesMatchTheSieve) {
  SieveKernel sieve;
  const std::vector<Range> ranges = {{0, 0},
                                     {0, 1},
                                     {2, 2},
                                     {0, 8},
                                     {3, 8},
                                     {9, 9},
                                     {0, 100},
                                     {1, 1000003},
                                     {1000000, 1000000},
                                     {999983, 999983},
                                     {1000000000, 1001000000},
                                     {123456789, 1234567890}};
  std::uint64_t seed = 1;
  for (const Range r : ranges) {
    EXPECT_EQ(count_shuffled(r, seed++), sieve.count(r)) << r.first << ".." << r.last;
  }
}

TEST(PiKernel, RefusesToListPrimesAndChunksOfSeveralPieces) {
  PiKernel kernel(std::make_shared<const PiLayout>(Range{0, 1000000000}));
  struct Sink final : PrimeSink {
    void primes(std::span<const std::uint64_t>) override {}
  } sink;
  EXPECT_THROW(kernel.count({0, 0}, nullptr, &sink), std::invalid_argument);
  EXPECT_THROW(kernel.count({0, 1}), std::invalid_argument);
  EXPECT_THROW(kernel.count({1, 0}), std::invalid_argument);
}

TEST(PiPart, RoundTripsAndRejectsDamage) {
  const PrimePi plan(10000000000ull);
  const std::uint64_t lo = plan.parameters().z / 2;  // high up: few levels still cross off
  const PiPiece piece = plan.count_piece(lo, lo + plan.parameters().segment_bits * 3);
  const std::vector<std::uint64_t> words = encode_part(1, plan, piece);
  const std::optional<DecodedPart> d = decode_part(words);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->target, 1u);
  EXPECT_EQ(d->base, plan.base());
  EXPECT_EQ(d->levels, plan.levels());
  EXPECT_EQ(d->piece.counts, piece.counts);
  EXPECT_EQ(d->piece.weights, piece.weights);
  EXPECT_EQ(d->piece.sum, piece.sum);
  EXPECT_LT(words.size(), 2 * piece.counts.size()) << "trailing repeats and zeros are dropped";
  std::vector<std::uint64_t> cut(words.begin(), words.end() - 1);
  EXPECT_FALSE(decode_part(cut).has_value());
  std::vector<std::uint64_t> longer = words;
  longer.push_back(0);
  EXPECT_FALSE(decode_part(longer).has_value());
  EXPECT_FALSE(decode_part({}).has_value());
}

TEST(PiJoin, RefusesAPartOfAnotherPieceOrOneThatComesTwice) {
  const auto layout = std::make_shared<const PiLayout>(Range{0, 1000000000});
  PiKernel kernel(layout);
  kernel.count({1, 1});
  const ChunkValue part = kernel.chunk_value(0);
  PiJoin join(layout);
  EXPECT_THROW(join.add(0, part), std::runtime_error);
  join.add(1, part);
  EXPECT_THROW(join.add(1, part), std::runtime_error);
  EXPECT_FALSE(join.complete());
  EXPECT_FALSE(join.count().has_value()) << "no count before every part is in";
}

TEST(PiJob, TheJoinOfResumedAndNewPartsGivesTheReportsCount) {
  Job job;
  job.range = {1000, 1000000000};
  job.kernel = KernelKind::lmo;
  job.schedule = Schedule::dynamic_chunks;
  const ChunkPlan plan = job.plan();
  ASSERT_EQ(plan.count(), PiLayout(job.range).pieces());
  // Half of the pieces come "from a checkpoint", the rest through the tally.
  Work work{plan, ChunkList::range(0, 0), job.new_join()};
  auto kernel = job.new_kernel();
  std::vector<ChunkResult> later;
  for (std::uint64_t i = 0; i < plan.count(); ++i) {
    ChunkResult r;
    r.index = i;
    r.range = plan.chunk(i);
    r.value = kernel->chunk_value(kernel->count(r.range));
    if (i % 2 == 0) {
      work.join->add(i, r.value);
      ++work.resumed_chunks;
    } else {
      later.push_back(std::move(r));
    }
  }
  Tally tally(1, work.join);
  EXPECT_FALSE(tally.count().has_value());
  for (ChunkResult& r : later)
    tally.accept(std::move(r));
  ASSERT_TRUE(tally.count().has_value());
  const Report report = make_report(Frontend::threads, job, work, 1.0, tally);
  EXPECT_EQ(report.count, 50847534u - 168u);  // pi(10^9) - pi(999)
  EXPECT_EQ(report.kernel, KernelKind::lmo);
}

TEST(KernelChoice, AutoPicksGourdonFromZeroAndTheSieveForNarrowRangesHighUp) {
  EXPECT_EQ(choose_kernel({0, 1000000000000ull}, true).kind, KernelKind::gourdon);
  EXPECT_EQ(choose_kernel({1000000000000000000ull, 1000000000000000000ull + 1000000000}, true).kind,
            KernelKind::sieve);
  EXPECT_EQ(choose_kernel({0, 1000000000000ull}, false).kind, KernelKind::sieve);
  EXPECT_EQ(choose_kernel({1, 300000}, true).kind, KernelKind::sieve) << "the seed's workload";
  EXPECT_FALSE(choose_kernel({0, 1000000000000ull}, true).reason.empty());
}

// Far from zero, a range short against sqrt(LAST) is tested number by number: the sieve would
// first have to find every prime up to sqrt(LAST). Also when the job lists its primes.
TEST(KernelChoice, AutoTestsEachNumberOfAShortRangeFarFromZero) {
  const std::uint64_t top = ~std::uint64_t{0};
  for (const bool lmo_possible : {true, false}) {
    EXPECT_EQ(choose_kernel({top - 10000, top - 9000}, lmo_possible).kind, KernelKind::primality);
    EXPECT_EQ(choose_kernel({top - 1000000, top}, lmo_possible).kind, KernelKind::primality);
    EXPECT_EQ(
        choose_kernel({1000000000000000000ull, 1000000000000000000ull + 1000}, lmo_possible).kind,
        KernelKind::primality);
    // Wider, or nearer zero, the sieve's start pays for itself.
    EXPECT_EQ(choose_kernel({top - 1000000000, top}, lmo_possible).kind, KernelKind::sieve);
    EXPECT_EQ(choose_kernel({1000000000000ull, 1000000000000ull + 1000}, lmo_possible).kind,
              KernelKind::sieve);
  }
  EXPECT_NE(choose_kernel({top - 1000, top}, true).reason.find("sqrt(LAST)"), std::string::npos);
}

}  // namespace
}  // namespace primes
