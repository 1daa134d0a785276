package dev.stepwise.auth;

import dev.stepwise.api.Principal;

/** Decides who sent a request, or refuses it with a 403 {@code ApiException}. */
public interface Authenticator {
  Principal authenticate(SignedRequest request);
}
