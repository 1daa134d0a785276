package dev.stepwise.store;

/** The store cannot read or commit right now (database down, disk full, closed). Nothing was acknowledged. */
public final class StoreUnavailableException extends StoreException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
