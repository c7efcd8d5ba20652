/// @file process_count.cpp
/// The two roles of primes-mpi's protocol (see process_count.hpp and, for the messages,
/// mpi_channel.cpp): rank 0's coordinator loop and the other ranks' worker loop. Each is its
/// rank's main thread: it polls MPI and its own WorkerPool, and sleeps when neither has news.
#include "process_count.hpp"

#include <time.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "chunk_sources.hpp"
#include "mpi_channel.hpp"
#include "primes/clock.hpp"
#include "primes/host.hpp"
#include "worker_pool.hpp"

namespace primes::mpi {
namespace {

/// CPU time of the calling thread: what serving costs rank 0, whatever else runs on its core.
double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

/// The static schedule's shares: worker w of `workers` takes ceil(chunks / workers) chunk
/// indices from w * that on; a rank's share is that of its `threads` workers together.
u128 static_share(u128 chunks, std::uint64_t workers) {
  return ceil_div(chunks, u128{workers});
}

std::vector<Share> rank_shares(u128 chunks, std::uint64_t ranks, std::uint64_t threads) {
  const u128 share = static_share(chunks, ranks * threads);
  std::vector<Share> shares;
  for (std::uint64_t r = 0; r < ranks; ++r) {
    const u128 begin = std::min(chunks, u128{r} * threads * share);
    const u128 end = std::min(chunks, u128{r + 1} * threads * share);
    shares.push_back({static_cast<std::uint64_t>(begin), static_cast<std::uint64_t>(end)});
  }
  return shares;
}

/// Rank 0: counts with its pool, answers requests from the counter its pool shares, adds up
/// every result, draws progress, until every rank has said it is done.
class Coordinator {
 public:
  Coordinator(Channel& channel, WorkerPool& pool, SharedCounter* counter, Tally& tally,
              const ProgressCallback& on_progress, std::chrono::milliseconds interval,
              Clock::time_point start)
      : channel_(channel),
        pool_(pool),
        counter_(counter),
        tally_(tally),
        on_progress_(on_progress),
        interval_(interval),
        start_(start),
        done_by_rank_(static_cast<std::size_t>(channel.size()), 0) {}

  CoordinatorStats run() {
    const double cpu_start = thread_cpu_seconds();
    Backoff backoff;
    for (;;) {
      bool news = false;
      while (std::optional<Incoming> in = channel_.poll()) {
        news = true;
        handle(*in);
      }
      for (const ChunkResult& r : pool_.take_results()) {
        news = true;
        tally_.accept(r);
      }
      if (pool_.failed()) pool_.join();  // rethrows the worker's error
      draw_progress(false);
      const bool counting = !pool_.finished();
      if (!counting && ranks_done_ == channel_.size() - 1) break;
      if (news) {
        backoff.reset();
      } else {
        backoff.pause(counting ? Backoff::kWhileCounting : Backoff::kWhileWaiting);
      }
    }
    pool_.join();
    for (const ChunkResult& r : pool_.take_results())
      tally_.accept(r);
    stats_.serve_cpu_seconds = thread_cpu_seconds() - cpu_start;
    return stats_;
  }

  void draw_final() {
    if (on_progress_) on_progress_(tally_.numbers(), seconds_since(start_));
  }

 private:
  void handle(const Incoming& in) {
    switch (in.kind) {
      case Incoming::Kind::request:
        if (counter_ == nullptr) throw std::logic_error("chunk request under the static schedule");
        channel_.reply(in.rank, counter_->take());
        ++stats_.requests;
        break;
      case Incoming::Kind::results:
        for (const ChunkResult& r : in.results)
          tally_.accept(r);
        stats_.results += in.results.size();
        break;
      case Incoming::Kind::progress:
        done_by_rank_[static_cast<std::size_t>(in.rank)] = in.numbers_done;
        ++stats_.progress_notes;
        break;
      case Incoming::Kind::done:
        done_by_rank_[static_cast<std::size_t>(in.rank)] = in.numbers_done;
        stats_.max_reply_wait = std::max(stats_.max_reply_wait, in.summary.max_reply_wait);
        ++ranks_done_;
        break;
    }
  }

  void draw_progress(bool force) {
    if (!on_progress_) return;
    const Clock::time_point now = Clock::now();
    if (!force && now - last_draw_ < interval_) return;
    last_draw_ = now;
    u128 done = pool_.numbers_done();
    for (std::size_t r = 1; r < done_by_rank_.size(); ++r)
      done += done_by_rank_[r];
    on_progress_(done, seconds_since(start_));
  }

  Channel& channel_;
  WorkerPool& pool_;
  SharedCounter* counter_;
  Tally& tally_;
  const ProgressCallback& on_progress_;
  std::chrono::milliseconds interval_;
  Clock::time_point start_;
  Clock::time_point last_draw_{};
  std::vector<std::uint64_t> done_by_rank_;
  int ranks_done_ = 0;
  CoordinatorStats stats_;
};

/// A rank other than 0: counts with its pool; under the dynamic schedule keeps its queue fed
/// from rank 0 (one request in flight per worker beyond those counting); sends results as they
/// come and, when rank 0 draws progress, a progress note as often as it draws; says when it is
/// done.
void serve_as_worker(Channel& channel, WorkerPool& pool, ChunkQueue* queue, bool notes,
                     std::chrono::milliseconds note_every) {
  const std::uint64_t threads = pool.size();
  std::uint64_t open = 0;  // requests without a reply yet
  std::uint64_t asked_for_taken = 0;
  bool exhausted = false;
  auto ask = [&] {
    channel.request_chunk();
    ++open;
  };
  if (queue != nullptr) {
    for (std::uint64_t i = 0; i < 2 * threads; ++i)
      ask();
  }
  Clock::time_point last_note = Clock::now();
  Backoff backoff;
  for (;;) {
    bool news = false;
    if (queue != nullptr) {
      while (std::optional<std::optional<std::uint64_t>> reply = channel.poll_reply()) {
        news = true;
        --open;
        if (*reply) {
          queue->push(**reply);
        } else {
          exhausted = true;
        }
      }
      // One more request for each chunk a worker took, while rank 0 still has some.
      for (const std::uint64_t taken = queue->taken(); asked_for_taken < taken; ++asked_for_taken) {
        if (!exhausted) ask();
      }
      if (exhausted && open == 0) queue->close();
    }
    std::vector<ChunkResult> results = pool.take_results();
    if (!results.empty()) {
      news = true;
      channel.send_results(results);
    }
    if (pool.failed()) pool.join();  // rethrows the worker's error
    if (notes && Clock::now() - last_note >= note_every) {
      last_note = Clock::now();
      channel.send_progress(static_cast<std::uint64_t>(pool.numbers_done()));
    }
    const bool counting = !pool.finished() && (queue == nullptr || queue->ready() > 0);
    if (pool.finished() && open == 0) break;
    if (news) {
      backoff.reset();
    } else {
      backoff.pause(counting ? Backoff::kWhileCounting : Backoff::kWhileWaiting);
    }
  }
  pool.join();
  channel.send_results(pool.take_results());
  channel.send_done({static_cast<std::uint64_t>(pool.numbers_done()), channel.requests_sent(),
                     channel.max_reply_wait()});
  channel.flush();
}

}  // namespace

std::optional<Report> count_with_processes(const boost::mpi::communicator& world, const Job& job,
                                           const ProgressCallback& on_progress,
                                           std::chrono::milliseconds interval,
                                           CoordinatorStats* stats) {
  Channel channel(world);
  const auto ranks = static_cast<std::uint64_t>(channel.size());
  const auto rank = static_cast<std::uint64_t>(channel.rank());
  const bool root = rank == 0;
  if (job.ranks != ranks) {
    throw std::invalid_argument("a job for " + std::to_string(job.ranks) + " ranks on " +
                                std::to_string(ranks));
  }
  const std::uint64_t threads = job.threads;
  const ChunkPlan plan = job.plan();
  std::unique_ptr<ChunkSource> source;            // outlives the pool, which stops on it
  WorkerPool pool(job, threads, rank * threads);  // kernels are built before the clock starts
  const bool notes = channel.broadcast_flag(root && static_cast<bool>(on_progress));

  // Every rank has started and built its kernels: the clock starts now.
  channel.barrier();
  const Clock::time_point start = Clock::now();

  SharedCounter* counter = nullptr;
  ChunkQueue* queue = nullptr;
  if (job.schedule == Schedule::static_blocks) {
    const Share share = channel.scatter_shares(root ? rank_shares(plan.count(), ranks, threads)
                                                    : std::vector<Share>{});
    source = std::make_unique<StaticShares>(share.begin, share.end, threads,
                                            static_share(plan.count(), ranks * threads));
  } else if (root) {
    auto shared = std::make_unique<SharedCounter>(plan.count());
    counter = shared.get();
    source = std::move(shared);
  } else {
    auto fed = std::make_unique<ChunkQueue>();
    queue = fed.get();
    source = std::move(fed);
  }
  pool.start(plan, *source);

  if (!root) {
    serve_as_worker(channel, pool, queue, notes, interval);
    channel.barrier();
    channel.gather_hosts(host_name());
    return std::nullopt;
  }

  Tally tally(job.workers());
  Coordinator coordinator(channel, pool, counter, tally, on_progress, interval, start);
  const CoordinatorStats coordinator_stats = coordinator.run();
  const double seconds = seconds_since(start);
  coordinator.draw_final();
  channel.barrier();
  const std::vector<std::string> hosts = channel.gather_hosts(host_name());
  for (std::uint64_t id = 0; id < job.workers(); ++id)
    tally.set_host(id, hosts.at(id / threads));
  if (stats != nullptr) *stats = coordinator_stats;
  return make_report(Frontend::processes, job, plan, seconds, tally);
}

void abort_job(const boost::mpi::communicator& world, int status) {
  Channel(world).abort(status);
}

}  // namespace primes::mpi
