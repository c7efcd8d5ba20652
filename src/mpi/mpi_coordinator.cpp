/// @file mpi_coordinator.cpp
/// The MPI protocol of primes-mpi (see mpi_coordinator.hpp).
///
/// Messages. Fixed-layout messages are MPI datatypes built once by Boost.MPI from serialize();
/// only the host names (strings) go through Boost.Serialization.
///   scatter  BlockAssignment   rank 0 -> all    static schedule: each rank's block
///   kRequest Note              rank r -> 0      dynamic: "one more chunk, please"
///   kReply   ChunkReply        0 -> rank r      dynamic: a chunk index, or none left
///   kProgress Note             rank r -> 0      numbers counted so far (a few per second)
///   kDone    Note              rank r -> 0      the rank's last message before the gather
///   gather   WorkerResult      all -> rank 0    primes, numbers, chunks, busy seconds
///   gather   std::string       all -> rank 0    host names
#include "mpi_coordinator.hpp"

#include <mpi.h>

#include <algorithm>
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/datatype.hpp>
#include <boost/serialization/string.hpp>
#include <deque>
#include <thread>
#include <vector>

namespace primes::mpi {

struct BlockAssignment {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::uint64_t valid = 0;  // 0: no block for this rank (more ranks than blocks)
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& first& last& valid;
  }
};

struct ChunkReply {
  std::uint64_t index = 0;
  std::uint64_t valid = 0;  // 0: no chunk left
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& index& valid;
  }
};

struct Note {
  std::uint64_t numbers_done = 0;
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& numbers_done;
  }
};

struct WorkerResult {
  std::uint64_t primes = 0;
  std::uint64_t numbers_low = 0;  // numbers counted, as two 64-bit halves (up to 2^64)
  std::uint64_t numbers_high = 0;
  std::uint64_t chunks = 0;
  double busy_seconds = 0.0;
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& primes& numbers_low& numbers_high& chunks& busy_seconds;
  }
};

}  // namespace primes::mpi

BOOST_IS_MPI_DATATYPE(primes::mpi::BlockAssignment)
BOOST_IS_MPI_DATATYPE(primes::mpi::ChunkReply)
BOOST_IS_MPI_DATATYPE(primes::mpi::Note)
BOOST_IS_MPI_DATATYPE(primes::mpi::WorkerResult)
BOOST_CLASS_TRACKING(primes::mpi::BlockAssignment, track_never)
BOOST_CLASS_TRACKING(primes::mpi::ChunkReply, track_never)
BOOST_CLASS_TRACKING(primes::mpi::Note, track_never)
BOOST_CLASS_TRACKING(primes::mpi::WorkerResult, track_never)

namespace primes::mpi {
namespace {

namespace bmpi = boost::mpi;
using Clock = std::chrono::steady_clock;

enum Tag : int { kRequest = 1, kReply = 2, kProgress = 3, kDone = 4 };

constexpr int kRoot = 0;
constexpr auto kProgressNoteEvery = std::chrono::milliseconds(200);

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Sleeps between polls: short at first (replies usually come within microseconds), then up
/// to a millisecond, so that a waiting rank uses no CPU that a counting rank could use.
class Backoff {
 public:
  void pause() {
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us_));
    delay_us_ = std::min(delay_us_ * 2, 1000);
  }
  void reset() { delay_us_ = 20; }

 private:
  int delay_us_ = 20;
};

/// MPI_Ibarrier + test-and-sleep: a barrier that does not busy-poll.
void sleepy_barrier(const bmpi::communicator& world) {
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Ibarrier(static_cast<MPI_Comm>(world), &request);
  Backoff backoff;
  for (int done = 0;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done != 0) return;
    backoff.pause();
  }
}

/// Non-blocking sends whose buffers must live until they complete.
template <class T>
class Outbox {
 public:
  explicit Outbox(const bmpi::communicator& world) : world_(world) {}
  void send(int dest, int tag, const T& value) {
    reap();
    pending_.emplace_back();
    pending_.back().value = value;
    pending_.back().request = world_.isend(dest, tag, pending_.back().value);
  }
  /// Waits (without spinning) until every send has completed.
  void drain() {
    Backoff backoff;
    for (reap(); !pending_.empty(); reap())
      backoff.pause();
  }

 private:
  void reap() {
    while (!pending_.empty() && pending_.front().request.test())
      pending_.pop_front();
  }
  struct Pending {
    T value;
    bmpi::request request;
  };
  const bmpi::communicator& world_;
  std::deque<Pending> pending_;
};

/// The coordinator's state on rank 0: the dynamic schedule's next chunk, the ranks' progress,
/// the ranks that are done. service() handles every message that has arrived; it is called
/// from rank 0's own kernel (through RootSink) and while rank 0 waits for the others.
class Coordinator {
 public:
  Coordinator(const bmpi::communicator& world, const ChunkPlan& plan, Clock::time_point start,
              const ProgressCallback& on_progress, std::chrono::milliseconds interval)
      : world_(world),
        plan_(plan),
        start_(start),
        on_progress_(on_progress),
        interval_(interval),
        done_by_rank_(static_cast<std::size_t>(world.size()), 0),
        replies_(world) {}

  /// Handles pending messages; returns whether there were any. Probing any tag is safe: the
  /// collectives (whose Boost.MPI implementation may use point-to-point messages) only run
  /// after the barrier that every rank reaches once it has sent its last message here.
  bool service() {
    bool any = false;
    while (auto status = world_.iprobe(bmpi::any_source, bmpi::any_tag)) {
      any = true;
      const int source = status->source();
      Note note;
      world_.recv(source, status->tag(), note);
      done_by_rank_[static_cast<std::size_t>(source)] = note.numbers_done;
      if (status->tag() == kRequest) {
        ChunkReply reply;
        if (u128{next_} < plan_.count()) reply = {next_++, 1};
        replies_.send(source, kReply, reply);
      } else if (status->tag() == kDone) {
        ++ranks_done_;
      }
    }
    draw_progress(false);
    return any;
  }

  /// The next chunk for rank 0 itself, if any is left.
  std::optional<std::uint64_t> take_chunk() {
    if (u128{next_} >= plan_.count()) return std::nullopt;
    return next_++;
  }

  void set_own_progress(std::uint64_t numbers) { done_by_rank_[0] = numbers; }

  /// Serves the other ranks until each has sent kDone; sleeps while nothing arrives.
  void wait_for_all_ranks() {
    Backoff backoff;
    while (ranks_done_ < world_.size() - 1) {
      if (service()) {
        backoff.reset();
      } else {
        backoff.pause();
      }
    }
    replies_.drain();
    draw_progress(true);
  }

 private:
  void draw_progress(bool force) {
    if (!on_progress_) return;
    const Clock::time_point now = Clock::now();
    if (!force && now - last_draw_ < interval_) return;
    last_draw_ = now;
    u128 done = 0;
    for (std::uint64_t d : done_by_rank_)
      done += d;
    on_progress_(done, seconds_since(start_));
  }

  const bmpi::communicator& world_;
  const ChunkPlan& plan_;
  Clock::time_point start_;
  const ProgressCallback& on_progress_;
  std::chrono::milliseconds interval_;
  Clock::time_point last_draw_{};
  std::vector<std::uint64_t> done_by_rank_;
  std::uint64_t next_ = 0;
  int ranks_done_ = 0;
  Outbox<ChunkReply> replies_;
};

/// Rank 0's progress sink: records its own progress and serves the other ranks.
class RootSink final : public ProgressSink {
 public:
  explicit RootSink(Coordinator& coordinator) : coordinator_(coordinator) {}
  void advance(std::uint64_t numbers) override {
    done_ = saturating_add(done_, numbers);
    coordinator_.set_own_progress(done_);
    coordinator_.service();
  }

 private:
  Coordinator& coordinator_;
  std::uint64_t done_ = 0;
};

/// Another rank's progress sink: tells rank 0 how far it got, a few times a second.
class WorkerSink final : public ProgressSink {
 public:
  explicit WorkerSink(Outbox<Note>& notes) : notes_(notes) {}
  void advance(std::uint64_t numbers) override {
    done_ = saturating_add(done_, numbers);
    const Clock::time_point now = Clock::now();
    if (now - last_note_ >= kProgressNoteEvery) {
      last_note_ = now;
      notes_.send(kRoot, kProgress, Note{done_});
    }
  }
  std::uint64_t done() const { return done_; }

 private:
  Outbox<Note>& notes_;
  std::uint64_t done_ = 0;
  Clock::time_point last_note_ = Clock::now();
};

/// A rank other than 0 under the dynamic schedule: keeps one request ahead of its work.
void work_dynamic(const bmpi::communicator& world, const ChunkPlan& plan, Kernel& kernel,
                  WorkerReport& mine, WorkerSink& sink, Outbox<Note>& notes) {
  std::deque<std::uint64_t> queue;
  int outstanding = 0;
  bool exhausted = false;
  auto ask = [&] {
    notes.send(kRoot, kRequest, Note{sink.done()});
    ++outstanding;
  };
  ask();
  ask();
  Backoff backoff;
  for (;;) {
    while (outstanding > 0 && world.iprobe(kRoot, kReply)) {
      ChunkReply reply;
      world.recv(kRoot, kReply, reply);
      --outstanding;
      if (reply.valid != 0) {
        queue.push_back(reply.index);
      } else {
        exhausted = true;
      }
    }
    if (queue.empty()) {
      if (outstanding == 0) return;  // every request answered, and the last said "none left"
      backoff.pause();
      continue;
    }
    backoff.reset();
    const std::uint64_t index = queue.front();
    queue.pop_front();
    if (!exhausted) ask();
    count_chunk(kernel, plan.chunk(index), &sink, mine);
  }
}

}  // namespace

std::optional<Report> count_with_processes(const bmpi::communicator& world, const MpiJob& job,
                                           const ProgressCallback& on_progress,
                                           std::chrono::milliseconds interval) {
  const int rank = world.rank();
  const auto ranks = static_cast<std::uint64_t>(world.size());
  const ChunkPlan plan = make_plan(job.range, job.schedule, ranks, job.kernel, job.chunk_size);
  std::unique_ptr<Kernel> kernel =
      job.kernel_factory ? job.kernel_factory() : make_kernel(job.kernel);

  // Every rank has started and built its kernel: the clock starts now.
  sleepy_barrier(world);
  const Clock::time_point start = Clock::now();

  BlockAssignment block;
  if (job.schedule == Schedule::static_blocks) {
    std::vector<BlockAssignment> blocks;
    if (rank == kRoot) {
      blocks.resize(ranks);
      for (std::uint64_t i = 0; i < ranks; ++i) {
        if (u128{i} < plan.count()) {
          const Range r = plan.chunk(i);
          blocks[i] = {r.first, r.last, 1};
        }
      }
    }
    bmpi::scatter(world, blocks, block, kRoot);
  }

  WorkerReport mine;  // this rank's figures
  if (rank == kRoot) {
    Coordinator coordinator(world, plan, start, on_progress, interval);
    RootSink sink(coordinator);
    if (job.schedule == Schedule::static_blocks) {
      if (block.valid != 0) count_chunk(*kernel, {block.first, block.last}, &sink, mine);
    } else {
      while (auto index = coordinator.take_chunk())
        count_chunk(*kernel, plan.chunk(*index), &sink, mine);
    }
    coordinator.wait_for_all_ranks();
  } else {
    Outbox<Note> notes(world);
    WorkerSink sink(notes);
    if (job.schedule == Schedule::static_blocks) {
      if (block.valid != 0) count_chunk(*kernel, {block.first, block.last}, &sink, mine);
    } else {
      work_dynamic(world, plan, *kernel, mine, sink, notes);
    }
    notes.send(kRoot, kDone, Note{sink.done()});
    notes.drain();
  }

  // Ranks that finished early wait here asleep; then the (short) gathers.
  sleepy_barrier(world);
  const WorkerResult result{mine.primes, static_cast<std::uint64_t>(mine.numbers),
                            static_cast<std::uint64_t>(mine.numbers >> 64), mine.chunks,
                            mine.busy_seconds};
  std::vector<WorkerResult> results;
  std::vector<std::string> hosts;
  bmpi::gather(world, result, results, kRoot);
  bmpi::gather(world, host_name(), hosts, kRoot);
  if (rank != kRoot) return std::nullopt;
  const double seconds = seconds_since(start);

  std::vector<WorkerReport> workers;
  for (std::uint64_t r = 0; r < ranks; ++r) {
    const WorkerResult& w = results[r];
    workers.push_back({r, hosts[r], w.chunks, u128{w.numbers_high} << 64 | w.numbers_low, w.primes,
                       w.busy_seconds});
  }
  return make_report(Frontend::processes, job.range, job.kernel, job.schedule, plan, seconds,
                     std::move(workers));
}

void abort_job(const bmpi::communicator& world, int status) {
  world.abort(status);
  std::abort();  // not reached: MPI_Abort does not return
}

}  // namespace primes::mpi
