/// @file coordinator_bench.cpp
/// Measures primes-mpi's coordinator: how many chunk requests rank 0 answered and the longest
/// any rank waited for a reply, for any command line of primes-mpi.
///
///   mpirun -np N coordinator_bench [--for SECONDS] [primes-mpi arguments]
///
/// --for ends the measurement early: after SECONDS every kernel returns at its next progress
/// report (the count is then wrong, and said to be), so that jobs of hours can be sampled.
/// Prints one JSON object on rank 0.
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "primes/cli.hpp"
#include "primes/clock.hpp"
#include "primes/job.hpp"
#include "primes/kernel_factory.hpp"
#include "process_count.hpp"

namespace {

using namespace primes;

struct Deadline {};

/// Passes progress on, and ends the count once the deadline has passed.
class DeadlineSink final : public ProgressSink {
 public:
  DeadlineSink(ProgressSink* inner, Clock::time_point deadline)
      : inner_(inner), deadline_(deadline) {}
  void advance(std::uint64_t numbers) override {
    if (inner_ != nullptr) inner_->advance(numbers);
    if (Clock::now() >= deadline_) throw Deadline{};
  }

 private:
  ProgressSink* inner_;
  Clock::time_point deadline_;
};

/// A kernel that gives up (returns 0) once the deadline has passed.
class DeadlineKernel final : public Kernel {
 public:
  DeadlineKernel(std::unique_ptr<Kernel> inner, Clock::time_point deadline)
      : inner_(std::move(inner)), deadline_(deadline) {}
  KernelKind kind() const noexcept override { return inner_->kind(); }
  std::uint64_t count(Range range, ProgressSink* progress, PrimeSink* found) override {
    if (Clock::now() >= deadline_) return 0;
    DeadlineSink sink(progress, deadline_);
    try {
      return inner_->count(range, &sink, found);
    } catch (const Deadline&) {
      return 0;
    }
  }

 private:
  std::unique_ptr<Kernel> inner_;
  Clock::time_point deadline_;
};

}  // namespace

int main(int argc, char** argv) {
  boost::mpi::environment environment(argc, argv, boost::mpi::threading::funneled);
  const boost::mpi::communicator world;
  std::vector<char*> args(argv, argv + argc);
  double limit = 0;
  if (args.size() >= 3 && std::string(args[1]) == "--for") {
    limit = std::stod(args[2]);
    args.erase(args.begin() + 1, args.begin() + 3);
  }
  const CommandLine command_line =
      read_command_line(Frontend::processes, static_cast<int>(args.size()), args.data(), std::cout,
                        std::cerr, world.rank() == 0);
  if (!command_line.options) return command_line.exit_status;
  Job job = make_job(*command_line.options, static_cast<std::uint64_t>(world.size()),
                     std::max<std::uint64_t>(command_line.options->threads, 1));
  const Clock::time_point deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                        std::chrono::duration<double>(limit));
  if (limit > 0) {
    job.kernel_factory = [&] {
      return std::make_unique<DeadlineKernel>(make_kernel(job.kernel), deadline);
    };
  }
  mpi::CoordinatorStats stats;
  const std::optional<Report> report =
      mpi::count_with_processes(world, job, {}, std::chrono::milliseconds(250), &stats).report;
  if (report) {
    const bool cut = limit > 0 && Clock::now() >= deadline;
    nlohmann::ordered_json j = {
        {"ranks", world.size()},
        {"chunks", static_cast<std::uint64_t>(report->chunks)},
        {"seconds", report->seconds},
        {"requests", stats.requests},
        {"requests_per_second", static_cast<double>(stats.requests) / report->seconds},
        {"max_reply_wait_seconds", stats.max_reply_wait},
        {"results", stats.results},
        {"serve_cpu_seconds", stats.serve_cpu_seconds},
        {"serve_cpu_per_chunk_us",
         stats.serve_cpu_seconds * 1e6 / static_cast<double>(std::max<u128>(report->chunks, 1))},
        {"count",
         cut ? nlohmann::ordered_json("cut short") : nlohmann::ordered_json(report->count)}};
    std::cout << j.dump() << std::endl;
  }
  return 0;
}
