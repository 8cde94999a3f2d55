// A fixed number of threads that run the API's request work (database transactions, password
// hashing), so that the network threads never wait on it. Tasks run in the order posted; the
// queue is unbounded (each connection has at most one request in flight, so the connections
// bound it).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace yorisoi::http {

class WorkerPool {
 public:
  // threads == 0: one per hardware thread.
  explicit WorkerPool(unsigned threads);
  // Runs what is queued, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Post(std::function<void()> task);  // thread-safe
  unsigned size() const { return static_cast<unsigned>(threads_.size()); }

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace yorisoi::http
