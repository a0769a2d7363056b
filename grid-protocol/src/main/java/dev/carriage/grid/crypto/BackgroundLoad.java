package dev.carriage.grid.crypto;

import java.security.Provider;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A provider's load, begun at most once and run on a thread of its own: until it is done, those
 * who ask {@link #now} get the JDK's (empty) and never wait. The first to ask begins it, unless it
 * was {@linkplain #defer deferred}, in which case it waits for {@link #begin}.
 */
final class BackgroundLoad {

  private enum State { IDLE, DEFERRED, LOADING }

  private final Supplier<Optional<Provider>> load;
  private final CompletableFuture<Optional<Provider>> done = new CompletableFuture<>();
  private State state = State.IDLE;

  BackgroundLoad(Supplier<Optional<Provider>> load) {
    this.load = load;
  }

  /** Begins the load, unless begun already. */
  void begin() {
    synchronized (this) {
      if (state == State.LOADING) {
        return;
      }
      state = State.LOADING;
    }
    Thread loader = new Thread(() -> {
      try {
        done.complete(load.get());
      } catch (RuntimeException | LinkageError failed) {
        done.complete(Optional.empty());
      }
    }, "crypto-provider-load");
    loader.setDaemon(true);
    loader.start();
  }

  /** Asking {@link #now} no longer begins the load: only {@link #begin} does. */
  synchronized void defer() {
    if (state == State.IDLE) {
      state = State.DEFERRED;
    }
  }

  /** The provider if its load is done (empty if it could not load); empty before, the load begun unless deferred. */
  Optional<Provider> now() {
    if (done.isDone()) {
      return done.join();
    }
    boolean idle;
    synchronized (this) {
      idle = state == State.IDLE;
    }
    if (idle) {
      begin();
    }
    return Optional.empty();
  }

  /** The provider once loaded, beginning the load if need be and waiting for it. */
  Optional<Provider> await() {
    begin();
    return done.join();
  }
}
