/// @file process_count.cpp
/// The two roles of primes-mpi's protocol (see process_count.hpp and, for the messages,
/// mpi_channel.cpp): rank 0's coordinator loop and the other ranks' worker loop. Each is its
/// rank's main thread: it polls MPI and its own WorkerPool, and sleeps when neither has news.
#include "process_count.hpp"

#include <time.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "chunk_sources.hpp"
#include "mpi_channel.hpp"
#include "primes/clock.hpp"
#include "primes/errors.hpp"
#include "primes/host.hpp"
#include "primes/stop_signals.hpp"
#include "worker_pool.hpp"

namespace primes::mpi {
namespace {

/// How long rank 0 waits, once it has told every rank to stop, for their last results.
constexpr auto kStopGrace = std::chrono::seconds(10);

/// CPU time of the calling thread: what serving costs rank 0, whatever else runs on its core.
double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

/// The static schedule: each of the `ranks` ranks gets a contiguous share of `todo`, the
/// shares of its `threads` workers together (worker w of all takes ceil(n / workers) chunks).
std::vector<std::vector<std::uint64_t>> rank_lists(const ChunkList& todo, std::uint64_t ranks,
                                                   std::uint64_t threads) {
  const u128 share = ceil_div(todo.size(), u128{ranks * threads});
  std::vector<std::vector<std::uint64_t>> lists;
  for (std::uint64_t r = 0; r < ranks; ++r)
    lists.push_back(todo.slice(u128{r} * threads * share, u128{r + 1} * threads * share).indices());
  return lists;
}

/// Whether a signal asked this process to stop (only with --checkpoint).
bool signalled(const RunControl& control) {
  return control.stop_on_signal && StopSignals::requested();
}

/// Rank 0: counts with its pool, answers requests from the counter its pool shares, adds up and
/// records every result, draws progress, until every rank has said it is done. A stop (its own
/// signal, or another rank's) closes the counter and tells every rank to stop.
class Coordinator {
 public:
  Coordinator(Channel& channel, WorkerPool& pool, SharedCounter* counter, Tally& tally,
              const Work& work, const ProcessRun& run, std::vector<std::string> hosts,
              Clock::time_point start)
      : channel_(channel),
        pool_(pool),
        counter_(counter),
        tally_(tally),
        work_(work),
        run_(run),
        control_(run.control),
        hosts_(std::move(hosts)),
        start_(start),
        done_by_rank_(hosts_.size(), 0),
        finished_(hosts_.size(), false),
        last_heard_(hosts_.size(), start) {}

  /// Serves until every rank is done; returns whether the job was stopped early.
  bool run() {
    const double cpu_start = thread_cpu_seconds();
    Backoff backoff;
    for (;;) {
      bool news = false;
      while (std::optional<Incoming> in = channel_.poll()) {
        news = true;
        handle(*in);
      }
      const std::vector<ChunkResult> mine = pool_.take_results();
      if (!mine.empty()) {
        news = true;
        accept(mine);
      }
      if (pool_.failed()) pool_.join();  // rethrows the worker's error
      if (!stopping_ && signalled(control_)) stop();
      if (control_.checkpoint != nullptr) control_.checkpoint->tick();
      watch();
      draw_progress();
      const bool counting = !pool_.finished();
      if (!counting && ranks_done_ == channel_.size() - 1) break;
      if (news) {
        backoff.reset();
      } else {
        backoff.pause(counting ? Backoff::kWhileCounting : Backoff::kWhileWaiting);
      }
    }
    pool_.join();
    accept(pool_.take_results());
    if (control_.checkpoint != nullptr) control_.checkpoint->sync();
    stats_.serve_cpu_seconds = thread_cpu_seconds() - cpu_start;
    if (run_.stats != nullptr) *run_.stats = stats_;
    return stopping_;
  }

  void draw_final() {
    if (control_.on_progress && !stopping_) {
      control_.on_progress(work_.resumed_numbers + tally_.numbers(), seconds_since(start_));
    }
  }

 private:
  void accept(const std::vector<ChunkResult>& results) {
    for (const ChunkResult& r : results)
      tally_.accept(r);
    if (control_.checkpoint != nullptr) control_.checkpoint->record(results);
  }

  void handle(const Incoming& in) {
    const auto r = static_cast<std::size_t>(in.rank);
    last_heard_[r] = Clock::now();
    switch (in.kind) {
      case Incoming::Kind::request:
        if (counter_ == nullptr) throw std::logic_error("chunk request under the static schedule");
        channel_.reply(in.rank, counter_->take());
        ++stats_.requests;
        break;
      case Incoming::Kind::results:
        accept(in.results);
        stats_.results += in.results.size();
        break;
      case Incoming::Kind::progress:
        done_by_rank_[r] = in.numbers_done;
        ++stats_.progress_notes;
        break;
      case Incoming::Kind::done:
        done_by_rank_[r] = in.numbers_done;
        stats_.max_reply_wait = std::max(stats_.max_reply_wait, in.summary.max_reply_wait);
        finished_[r] = true;
        ++ranks_done_;
        break;
      case Incoming::Kind::stop:
        if (!stopping_) stop();
        break;
    }
  }

  /// Hands out nothing more, makes the finished chunks durable first, and tells every rank.
  void stop() {
    stopping_ = true;
    if (control_.checkpoint != nullptr) control_.checkpoint->sync();
    pool_.stop();  // closes the counter: every request from now on gets "none left"
    for (int r = 1; r < channel_.size(); ++r) {
      if (!finished_[static_cast<std::size_t>(r)]) channel_.stop_rank(r);
    }
    stop_deadline_ = Clock::now() + kStopGrace;
  }

  /// The stall watchdog, and the bound on waiting for stopped ranks.
  void watch() {
    const Clock::time_point now = Clock::now();
    for (std::size_t r = 1; r < finished_.size(); ++r) {
      if (finished_[r]) continue;
      if (stopping_ && now > stop_deadline_) {
        give_up("rank " + std::to_string(r) + " (" + hosts_[r] +
                ") did not answer the stop within " + std::to_string(kStopGrace.count()) + " s");
      }
      if (run_.stall_timeout && now - last_heard_[r] > *run_.stall_timeout) {
        give_up("rank " + std::to_string(r) + " (" + hosts_[r] + ") has sent nothing for " +
                std::to_string(run_.stall_timeout->count()) + " s (--stall-timeout)");
      }
    }
  }

  [[noreturn]] void give_up(const std::string& why) {
    std::string where;
    if (control_.checkpoint != nullptr) {
      control_.checkpoint->sync();
      where = "; every finished chunk is in " + quoted_path(control_.checkpoint->path());
    }
    throw StallError(why + ": ending the job" + where);
  }

  void draw_progress() {
    if (!control_.on_progress) return;
    const Clock::time_point now = Clock::now();
    if (now - last_draw_ < control_.interval) return;
    last_draw_ = now;
    u128 done = work_.resumed_numbers + pool_.numbers_done();
    for (std::size_t r = 1; r < done_by_rank_.size(); ++r)
      done += done_by_rank_[r];
    control_.on_progress(done, seconds_since(start_));
  }

  Channel& channel_;
  WorkerPool& pool_;
  SharedCounter* counter_;
  Tally& tally_;
  const Work& work_;
  const ProcessRun& run_;
  const RunControl& control_;
  std::vector<std::string> hosts_;
  Clock::time_point start_;
  Clock::time_point last_draw_{};
  std::vector<std::uint64_t> done_by_rank_;
  std::vector<bool> finished_;
  std::vector<Clock::time_point> last_heard_;
  int ranks_done_ = 0;
  bool stopping_ = false;
  Clock::time_point stop_deadline_{};
  CoordinatorStats stats_;
};

/// A rank other than 0: counts with its pool; under the dynamic schedule keeps its queue fed
/// from rank 0 (one request in flight per worker beyond those counting); sends results as they
/// come; sends progress notes as often as rank 0 draws (when it does) and heartbeats (under
/// --stall-timeout); stops when a signal or rank 0 says so; says when it is done.
void serve_as_worker(Channel& channel, WorkerPool& pool, ChunkQueue* queue,
                     const RunControl& control, std::optional<std::chrono::milliseconds> notes) {
  const std::uint64_t threads = pool.size();
  std::uint64_t open = 0;  // requests without a reply yet
  std::uint64_t asked_for_taken = 0;
  bool exhausted = false;
  bool stopping = false;
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
    if (!stopping) {
      const bool told = channel.poll_stop();
      const bool own = signalled(control);
      if (own) channel.send_stop();  // rank 0 stops the others
      if (told || own) {
        stopping = true;
        news = true;
        pool.stop();  // abandons the chunks in flight and closes the queue
      }
    }
    if (queue != nullptr) {
      while (std::optional<std::optional<std::uint64_t>> reply = channel.poll_reply()) {
        news = true;
        --open;
        if (!*reply) {
          exhausted = true;
        } else if (!stopping) {
          queue->push(**reply);
        }
      }
      // One more request for each chunk a worker took, while rank 0 still has some.
      for (const std::uint64_t taken = queue->taken(); asked_for_taken < taken; ++asked_for_taken) {
        if (!exhausted && !stopping) ask();
      }
      if (exhausted && open == 0) queue->close();
    }
    std::vector<ChunkResult> results = pool.take_results();
    if (!results.empty()) {
      news = true;
      channel.send_results(results);
    }
    if (pool.failed()) pool.join();  // rethrows the worker's error
    if (notes && Clock::now() - last_note >= *notes) {
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

ProcessResult count_with_processes(const boost::mpi::communicator& world, const Job& job,
                                   const ProcessRun& run) {
  Channel channel(world);
  const auto ranks = static_cast<std::uint64_t>(channel.size());
  const auto rank = static_cast<std::uint64_t>(channel.rank());
  const bool root = rank == 0;
  if (job.ranks != ranks) {
    throw std::invalid_argument("a job for " + std::to_string(job.ranks) + " ranks on " +
                                std::to_string(ranks));
  }
  if (root && !run.work) throw std::invalid_argument("rank 0 needs the work to count");
  const std::uint64_t threads = job.threads;
  const RunControl& control = run.control;
  std::vector<std::string> hosts = channel.gather_hosts(host_name());

  // The plan is rank 0's: a checkpoint's chunk size wins over the one this job would choose.
  const ChunkPlan plan(job.range, channel.broadcast_size(root ? run.work->plan.chunk_size() : 0));
  std::unique_ptr<ChunkSource> source;            // outlives the pool, which stops on it
  WorkerPool pool(job, threads, rank * threads);  // kernels are built before the clock starts
  // Progress notes flow while rank 0 draws progress; heartbeats while a stall is watched for.
  std::optional<std::chrono::milliseconds> notes;
  if (channel.broadcast_flag(root && static_cast<bool>(control.on_progress))) {
    notes = control.interval;
  }
  if (run.stall_timeout) {
    const auto heartbeat =
        std::chrono::duration_cast<std::chrono::milliseconds>(*run.stall_timeout) / 4;
    notes = notes ? std::min(*notes, heartbeat) : heartbeat;
  }

  // Every rank has started and built its kernels: the clock starts now.
  channel.barrier();
  const Clock::time_point start = Clock::now();

  SharedCounter* counter = nullptr;
  ChunkQueue* queue = nullptr;
  if (job.schedule == Schedule::static_blocks) {
    ChunkList mine =
        ChunkList::of(channel.scatter_lists(root ? rank_lists(run.work->todo, ranks, threads)
                                                 : std::vector<std::vector<std::uint64_t>>{}));
    const u128 share = ceil_div(mine.size(), u128{threads});
    source = std::make_unique<StaticShares>(std::move(mine), threads, share);
  } else if (root) {
    auto shared = std::make_unique<SharedCounter>(run.work->todo);
    counter = shared.get();
    source = std::move(shared);
  } else {
    auto fed = std::make_unique<ChunkQueue>();
    queue = fed.get();
    source = std::move(fed);
  }
  pool.start(plan, *source);

  if (!root) {
    serve_as_worker(channel, pool, queue, control, notes);
    channel.barrier();
    return {std::nullopt, channel.broadcast_flag(false)};
  }

  const Work& work = *run.work;
  Tally tally(job.workers());
  for (std::uint64_t id = 0; id < job.workers(); ++id)
    tally.set_host(id, hosts.at(id / threads));
  Coordinator coordinator(channel, pool, counter, tally, work, run, hosts, start);
  const bool stopped = coordinator.run();
  const double seconds = seconds_since(start);
  coordinator.draw_final();
  channel.barrier();
  channel.broadcast_flag(stopped);
  Report report = make_report(Frontend::processes, job, work, seconds, tally);
  report.stopped = stopped;
  return {std::move(report), stopped};
}

ProcessResult count_with_processes(const boost::mpi::communicator& world, const Job& job,
                                   const ProgressCallback& on_progress,
                                   std::chrono::milliseconds interval, CoordinatorStats* stats) {
  ProcessRun run;
  if (world.rank() == 0) run.work = fresh_work(job);
  run.control.on_progress = on_progress;
  run.control.interval = interval;
  run.stats = stats;
  return count_with_processes(world, job, run);
}

StartAgreement agree_to_start(const boost::mpi::communicator& world, Verdict mine,
                              std::uint64_t fingerprint) {
  Channel channel(world);
  const Channel::Agreement a = channel.agree(static_cast<int>(mine), fingerprint);
  return {static_cast<Verdict>(a.verdict), a.same_fingerprint};
}

void abort_job(const boost::mpi::communicator& world, int status) {
  Channel(world).abort(status);
}

}  // namespace primes::mpi
