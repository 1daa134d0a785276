/** The vocabulary shared by every layer: the caller's identity and the one error type. Depends on nothing. */
package dev.stepwise.api;
