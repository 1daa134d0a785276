package dev.stepwise.store;

/** A store failure the caller can do nothing about but retry later. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
