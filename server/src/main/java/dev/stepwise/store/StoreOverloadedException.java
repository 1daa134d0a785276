package dev.stepwise.store;

/** The write queue is full: the request is refused at once instead of queueing without bound. */
public final class StoreOverloadedException extends StoreException {
  public StoreOverloadedException(String message) {
    super(message, null);
  }
}
