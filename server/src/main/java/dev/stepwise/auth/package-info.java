/**
 * Who is calling: SigV4 authorization parsing and, per mode, verification. Produces a
 * {@link dev.stepwise.api.Principal}; knows nothing of the API's operations.
 */
package dev.stepwise.auth;
