package dev.stepwise.protocol;

import dev.stepwise.api.Principal;
import java.io.OutputStream;
import java.util.Objects;

/**
 * How one operation of either protocol is read and answered: its name, the body decoded into its request record
 * (or a 400 SerializationException / ValidationException), and its result encoded as the body of the answer. The
 * HTTP layer's dispatcher pairs each with the service call between the two; a new protocol is a new set of these.
 *
 * @param contentType of the answer
 */
public record OperationCodec<I, O>(String name, String contentType, Decoder<I> decoder, Encoder<O> encoder) {
  public OperationCodec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(encoder, "encoder");
  }

  /** A request body to the operation's request record. */
  @FunctionalInterface
  public interface Decoder<I> {
    I decode(byte[] body);
  }

  /** A result to the answer's body; the caller is there for the ARNs. */
  @FunctionalInterface
  public interface Encoder<O> {
    void encode(Principal caller, O result, OutputStream out);
  }
}
