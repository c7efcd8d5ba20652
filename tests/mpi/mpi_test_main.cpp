/// @file mpi_test_main.cpp
/// GoogleTest main for tests that run under mpiexec: initialises MPI once, runs the same tests on
/// every rank (they are collective), prints the usual report on rank 0 and only failures on the
/// others, and fails the job if any rank failed.
#include <gtest/gtest.h>

#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <functional>
#include <iostream>

namespace {

// Reports a failed assertion on a rank other than 0, with the rank's number.
class RankFailurePrinter : public testing::EmptyTestEventListener {
 public:
  explicit RankFailurePrinter(int rank) : rank_(rank) {}
  void OnTestPartResult(const testing::TestPartResult& result) override {
    if (result.failed()) {
      std::cerr << "[rank " << rank_ << "] " << result.file_name() << ":" << result.line_number()
                << ": " << result.summary() << std::endl;
    }
  }

 private:
  int rank_;
};

}  // namespace

int main(int argc, char** argv) {
  boost::mpi::environment environment(argc, argv);
  const boost::mpi::communicator world;
  testing::InitGoogleTest(&argc, argv);
  if (world.rank() != 0) {
    testing::TestEventListeners& listeners = testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new RankFailurePrinter(world.rank()));
  }
  const int local = RUN_ALL_TESTS();
  const int any = boost::mpi::all_reduce(world, local, std::bit_or<int>());
  if (world.rank() == 0 && any != 0 && local == 0) {
    std::cerr << "a test failed on another rank (see its [rank N] lines)" << std::endl;
  }
  return any;
}
