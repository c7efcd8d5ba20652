/// @file run_command.cpp
/// fork/exec with two pipes and a poll loop (see run_command.hpp).
#include "run_command.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace primes::test {
namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

RunningCommand start_command(const std::vector<std::string>& argv,
                             const std::vector<std::string>& env, bool stderr_terminal) {
  int out_pipe[2];
  int err_pipe[2];  // [0] read by us, [1] the child's stderr: a pipe, or a pty's two sides
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  if (stderr_terminal) {
    if (::openpty(&err_pipe[0], &err_pipe[1], nullptr, nullptr, nullptr) != 0) {
      throw std::runtime_error("openpty failed");
    }
    ::fcntl(err_pipe[0], F_SETFD, FD_CLOEXEC);
  } else if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  RunningCommand command;
  command.started = now_seconds();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::setpgid(0, 0);  // own process group, so that a timeout kills its children too
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    if (stderr_terminal) ::close(err_pipe[1]);
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, STDIN_FILENO);
    for (const std::string& e : env)
      ::putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> args;
    for (const std::string& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  command.pid = pid;
  command.out_fd = out_pipe[0];
  command.err_fd = err_pipe[0];
  return command;
}

CommandResult wait_command(RunningCommand& command, double timeout_seconds) {
  CommandResult result;
  pollfd fds[2] = {{command.out_fd, POLLIN, 0}, {command.err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  while (open_fds > 0) {
    if (now_seconds() - command.started > timeout_seconds) {
      result.timed_out = true;
      ::kill(-command.pid, SIGKILL);
      break;
    }
    if (::poll(fds, 2, 100) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      char buf[4096];
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);  // a pty ends with EIO, not 0
      if (n > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(n));
      } else {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (pollfd& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  int status = 0;
  struct rusage usage {};
  ::wait4(command.pid, &status, 0, &usage);
  result.max_rss_kib = usage.ru_maxrss;
  result.seconds = now_seconds() - command.started;
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

CommandResult run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          double timeout_seconds, bool stderr_terminal) {
  RunningCommand command = start_command(argv, env, stderr_terminal);
  return wait_command(command, timeout_seconds);
}

std::vector<int> find_processes(const std::string& exe, const std::string& marker) {
  std::vector<int> pids;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return pids;
  char real_exe[PATH_MAX];
  const std::string wanted = ::realpath(exe.c_str(), real_exe) != nullptr ? real_exe : exe;
  while (const dirent* entry = ::readdir(proc)) {
    const int pid = std::atoi(entry->d_name);
    if (pid <= 0) continue;
    const std::string dir = "/proc/" + std::string(entry->d_name);
    char target[PATH_MAX];
    const ssize_t n = ::readlink((dir + "/exe").c_str(), target, sizeof target - 1);
    if (n <= 0) continue;
    target[n] = '\0';
    if (wanted != target) continue;
    std::ifstream cmdline(dir + "/cmdline");
    std::stringstream text;
    text << cmdline.rdbuf();
    if (text.str().find(marker) != std::string::npos) pids.push_back(pid);
  }
  ::closedir(proc);
  return pids;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

}  // namespace primes::test
