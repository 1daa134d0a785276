/** The server's settings, validated at start-up. Depends on nothing. */
package dev.stepwise.config;
